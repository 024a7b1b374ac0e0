package org.paymentroutes.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.camel.Exchange;
import org.paymentroutes.iso20022.PayerAuthorization;
import org.paymentroutes.order.PaymentOrder;
import org.paymentroutes.order.Problem;
import org.paymentroutes.outcome.Messages;
import org.paymentroutes.routes.ExchangeKeys;
import org.paymentroutes.store.Payment;
import org.paymentroutes.store.PaymentStore;

/**
 * The treasurer's authorization of an Everifin payment from a pain.001 file (payments.authorizations,
 * routes/iso20022.camel.yaml): it brings the payer's IP and browser, which the file could not, and
 * starts the payment's initiation under the same claim and initiation mark as an order's
 * ({@link Decision#RESUME}, {@link Decision#UNCERTAIN}). A message that is not an authorization, or
 * names no file payment waiting for one, is {@link Decision#INVALID}: refused naming the fields,
 * never their values. A payment that has already moved on is {@link Decision#DUPLICATE}: nothing to do.
 */
public final class PayerAuthorizations {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Intake intake;
    private final PaymentStore store;

    public PayerAuthorizations(Intake intake, PaymentStore store) {
        this.intake = intake;
        this.store = store;
    }

    public void accept(Exchange exchange) throws Exception {
        PayerAuthorization.Result a = PayerAuthorization.parse(exchange.getIn().getBody(byte[].class));
        exchange.setProperty(ExchangeKeys.ORDER_ID, a.orderId());
        if (!a.valid()) {
            refuse(exchange, a.problems());
            return;
        }
        Payment p = store.payments().find(a.orderId()).orElse(null);
        if (p == null || !"everifin".equals(p.provider()) || store.files().find(a.orderId()).isEmpty()) {
            refuse(exchange, List.of(new Problem("orderId", "names no Everifin payment from a pain.001 file")));
            return;
        }
        if (!Decision.unstarted(p.status(), p.providerPaymentId())) {
            exchange.setProperty(ExchangeKeys.DECISION, Decision.DUPLICATE);
            return;
        }
        if (!store.payments().claim(a.orderId(), Intake.CLAIM_LEASE)) {
            // Another copy of the authorization is initiating it: the broker redelivers this one later.
            throw new PaymentBusyException(a.orderId());
        }
        exchange.setProperty(ExchangeKeys.CLAIMED, true);
        if (store.payments().initiationUncertain(a.orderId())) {
            exchange.setProperty(ExchangeKeys.DECISION, Decision.UNCERTAIN);
            intake.park(exchange, a.orderId());
            return;
        }
        // The stored order is the canonical JSON of an order the parser built: read back as it was written.
        PaymentOrder stored = JSON.readValue(store.payments().orderJson(a.orderId()).orElseThrow(), PaymentOrder.class);
        PaymentOrder.Payer payer = stored.payer();
        exchange.setProperty(ExchangeKeys.ORDER, new PaymentOrder(stored.orderId(), stored.provider(), stored.amount(), stored.currency(),
                stored.communication(), stored.redirectUri(), new PaymentOrder.Payer(payer.name(), payer.company(), payer.email(),
                payer.phone(), payer.incorporation(), payer.address(), a.ip(), a.userAgent(), payer.iban()), stored.beneficiary(),
                stored.endToEndId()));
        exchange.setProperty(ExchangeKeys.PROVIDER, p.provider());
        exchange.setProperty(ExchangeKeys.DECISION, Decision.RESUME);
    }

    /** Body for payments.rejected: the fields and why, never the message itself (it holds the payer's IP and browser). */
    @SuppressWarnings("unchecked")
    public String rejection(Exchange exchange) {
        return Messages.rejection(exchange.getProperty(ExchangeKeys.ORDER_ID, String.class), exchange.getProperty(ExchangeKeys.REASON,
                String.class), exchange.getProperty(ExchangeKeys.PROBLEMS, List.class), null, OffsetDateTime.now(ZoneOffset.UTC));
    }

    private static void refuse(Exchange exchange, List<Problem> problems) {
        exchange.setProperty(ExchangeKeys.DECISION, Decision.INVALID);
        exchange.setProperty(ExchangeKeys.REASON, "invalid authorization");
        exchange.setProperty(ExchangeKeys.PROBLEMS, problems);
    }
}
