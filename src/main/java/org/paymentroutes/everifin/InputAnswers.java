package org.paymentroutes.everifin;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.apache.camel.Exchange;
import org.paymentroutes.order.Problem;
import org.paymentroutes.routes.ExchangeKeys;
import org.paymentroutes.store.PaymentStore;
import org.paymentroutes.store.ProcessStates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One answer per INPUT step. Values {@link EverifinInputs} accepted are recorded as the step's answer
 * and their process message written to the outbox in one database transaction, so that a second
 * answer to the same step (a double submit, a second tab) is refused to payments.rejected by name,
 * never sent to Everifin (the values may be a one-time password), and a redelivery of the first (a
 * crash before the inputs message was acknowledged) changes nothing.
 */
public final class InputAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(InputAnswers.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PaymentStore store;
    private final ProcessStates states;
    private final String processQueue;

    public InputAnswers(PaymentStore store, ProcessStates states, String processQueue) {
        this.store = store;
        this.states = states;
        this.processQueue = processQueue;
    }

    /** The body is the accepted values' process message; {@code accepted} becomes false (with the problem) for a second answer. */
    public void record(Exchange exchange) throws Exception {
        String orderId = exchange.getProperty(ExchangeKeys.ORDER_ID, String.class);
        String message = exchange.getIn().getBody(String.class);
        int seq = JSON.readTree(message).path("seq").asInt();
        String messageId = exchange.getIn().getHeader(ExchangeKeys.HEADER_MESSAGE_ID, String.class);
        ProcessStates.Answer answer = store.inTransaction(c -> {
            ProcessStates.Answer a = states.answer(c, orderId, seq, messageId);
            if (a == ProcessStates.Answer.FIRST) {
                store.outbox().enqueue(c, orderId, processQueue, message, null);
            }
            return a;
        });
        if (answer == ProcessStates.Answer.ALREADY_ANSWERED) {
            LOG.warn("Inputs for order {} refused: its INPUT step {} was already answered; not sent to Everifin", orderId, seq);
            exchange.setProperty(ExchangeKeys.ACCEPTED, false);
            exchange.setProperty(ExchangeKeys.PROBLEMS, List.of(new Problem("orderId", "order " + orderId
                    + ": this INPUT step was already answered; a second answer is not sent to Everifin (wait for the next action)")));
        } else if (answer == ProcessStates.Answer.REDELIVERED) {
            LOG.info("Inputs for order {}: a redelivery of the answer already recorded for step {}; nothing to do", orderId, seq);
        }
    }
}
