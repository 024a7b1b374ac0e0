package org.paymentroutes.logging;

import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.impl.engine.MDCUnitOfWork;
import org.apache.camel.spi.UnitOfWork;
import org.apache.camel.spi.UnitOfWorkFactory;
import org.paymentroutes.routes.ExchangeKeys;
import org.slf4j.MDC;

/**
 * Camel's MDC logging (camel.routeId, ...) plus the payment an exchange is about: before each step, the
 * exchange's {@code orderId} and {@code provider} properties go into the MDC, so every line a route or a
 * bean logs about a payment carries them (fields of the JSON layout). Without a provider property, a
 * route named after its provider ({@code fintecture-*}, {@code everifin-*}) names it.
 */
public final class PaymentMdc extends MDCUnitOfWork {

    public static final String ORDER_ID = "orderId";
    public static final String PROVIDER = "provider";

    private final Factory factory;

    PaymentMdc(Exchange exchange, Factory f) {
        super(exchange, f.context.getInflightRepository(), f.context.getMDCLoggingKeysPattern(),
                Boolean.TRUE.equals(f.context.isAllowUseOriginalMessage()), Boolean.TRUE.equals(f.context.isUseBreadcrumb()));
        this.factory = f;
    }

    @Override
    public UnitOfWork newInstance(Exchange exchange) {
        return new PaymentMdc(exchange, factory);
    }

    @Override
    public AsyncCallback beforeProcess(Processor processor, Exchange exchange, AsyncCallback callback) {
        AsyncCallback answer = super.beforeProcess(processor, exchange, callback);
        String orderId = exchange.getProperty(ExchangeKeys.ORDER_ID, String.class);
        putOrRemove(ORDER_ID, orderId);
        String provider = exchange.getProperty(ExchangeKeys.PROVIDER, String.class);
        if (provider == null) {
            String routeId = exchange.getFromRouteId();
            provider = routeId == null ? null : routeId.startsWith("fintecture") ? "fintecture" : routeId.startsWith("everifin") ? "everifin" : null;
        }
        putOrRemove(PROVIDER, provider);
        return answer;
    }

    @Override
    protected void clearCustom(Exchange exchange) {
        MDC.remove(ORDER_ID);
        MDC.remove(PROVIDER);
    }

    private static void putOrRemove(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            // An order id comes from an ERP or a stranger's callback: one line, bounded.
            MDC.put(key, LogMasking.bounded(value, 80));
        }
    }

    /** Bound in Camel's registry: camel-main uses it for every exchange (with camel.main.use-mdc-logging). */
    public static final class Factory implements UnitOfWorkFactory {

        private CamelContext context;

        @Override
        public void afterPropertiesConfigured(CamelContext camelContext) {
            this.context = camelContext;
        }

        @Override
        public UnitOfWork createUnitOfWork(Exchange exchange) {
            return new PaymentMdc(exchange, this);
        }
    }
}
