package org.paymentroutes.routes;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.camel.Exchange;
import org.paymentroutes.order.Problem;
import org.paymentroutes.outcome.Messages;

/** The refusal of a message no consumer reads: which queue, which message, why; never its content. */
public final class UnreadableMessages {

    public String rejection(Exchange exchange) {
        return Messages.rejection(null, "unreadable message", List.of(new Problem("message", reason(exchange))), null,
                OffsetDateTime.now(ZoneOffset.UTC));
    }

    /** One log line: the queue, the JMS message id and the reason. */
    public String summary(Exchange exchange) {
        return "Message " + exchange.getIn().getHeader("JMSMessageID", "", String.class) + " refused to payments.rejected: "
                + reason(exchange);
    }

    static String reason(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnreadableMessageException u) {
                return u.getMessage() + " on " + queue(exchange);
            }
        }
        return "unreadable on " + queue(exchange);
    }

    private static String queue(Exchange exchange) {
        String uri = exchange.getFromEndpoint() == null ? "" : exchange.getFromEndpoint().getEndpointKey();
        int q = uri.indexOf("queue:");
        String name = q < 0 ? uri : uri.substring(q + "queue:".length());
        int p = name.indexOf('?');
        return p < 0 ? name : name.substring(0, p);
    }
}
