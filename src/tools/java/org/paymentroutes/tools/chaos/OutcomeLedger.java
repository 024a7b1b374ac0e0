package org.paymentroutes.tools.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.paymentroutes.store.PaymentStatus;

/**
 * The outcome feed as an ERP reads it, and the counts the chaos and topology runs must bring back
 * at 0: outcomes published twice (same order, same status, not a replay), orders whose outcomes
 * arrived out of order, orders lost (neither settled enough nor parked in the DLQ).
 *
 * <p>A message the broker delivers again (same JMSMessageID: its acknowledgement was lost with a
 * connection or a failed-over broker) is a redelivery, which an ERP recognises by its id, not a
 * second publication: it is skipped. A second publication by the bundle is a new message, with its
 * own id, and is counted.
 */
final class OutcomeLedger implements AutoCloseable {

    /** Statuses an order may end the run in: final, or waiting for its payer (the sandboxes script most to an end). */
    static final Set<String> SETTLED_ENOUGH = Set.of("ACTION_REQUIRED", "PENDING", "AUTHORIZED", "SETTLED", "FAILED", "EXPIRED", "REJECTED");

    /** The in-progress statuses a step-by-step process moves between both ways ({@link PaymentStatus#canAlternateTo}). */
    private static final Set<String> ALTERNATING = Set.of("ACTION_REQUIRED", "PENDING");

    /** What one run found for its orders. */
    record Counts(int lost, int finalOrWaiting, Map<String, Integer> byStatus) {
    }

    private final ConnectionFactory cf;
    private final Consumer<String> log;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, List<String>> outcomes = new ConcurrentHashMap<>();
    private final Map<String, Integer> duplicates = new ConcurrentHashMap<>();
    private final Set<String> messageIds = ConcurrentHashMap.newKeySet();
    /** Arrival times (ms) of every outcome read, for the failover time. */
    private final ConcurrentSkipListSet<Long> arrivals = new ConcurrentSkipListSet<>();
    private final AtomicBoolean listening = new AtomicBoolean(true);
    private final Thread reader;

    OutcomeLedger(ConnectionFactory cf, Consumer<String> log) {
        this.cf = cf;
        this.log = log;
        this.reader = new Thread(this::read, "outcome-ledger");
        reader.start();
    }

    private void read() {
        try (Connection c = cf.createConnection(); Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            c.start();
            MessageConsumer consumer = session.createConsumer(session.createQueue("payments.outcomes"));
            while (listening.get()) {
                Message m = consumer.receive(500);
                if (m == null || m.getJMSMessageID() != null && !messageIds.add(m.getJMSMessageID())) {
                    continue;
                }
                arrivals.add(System.currentTimeMillis());
                if (m.propertyExists("replay") && m.getBooleanProperty("replay")) {
                    continue;
                }
                JsonNode o = json.readTree(((TextMessage) m).getText());
                String id = o.path("orderId").asText();
                String status = o.path("status").asText();
                List<String> seen = outcomes.computeIfAbsent(id, k -> Collections.synchronizedList(new ArrayList<>()));
                String last = seen.isEmpty() ? null : seen.get(seen.size() - 1);
                // Everifin's process loop may go ACTION_REQUIRED -> PENDING -> ACTION_REQUIRED: a status
                // seen before is a second publication only when it cannot come round again.
                if (status.equals(last) || seen.contains(status) && !ALTERNATING.contains(status)) {
                    duplicates.merge(id, 1, Integer::sum);
                    log.accept("published twice: " + id + " " + status + " (seen " + seen + ", source " + o.path("source").asText() + ")");
                }
                seen.add(status);
            }
        } catch (Exception e) {
            log.accept("outcome reader stopped: " + e);
        }
    }

    /** Stops reading (after a last poll). */
    @Override
    public void close() throws InterruptedException {
        listening.set(false);
        reader.join(10_000);
    }

    List<String> statuses(String orderId) {
        return outcomes.getOrDefault(orderId, List.of());
    }

    int duplicates() {
        return duplicates.values().stream().mapToInt(Integer::intValue).sum();
    }

    int outOfOrder() {
        int n = 0;
        for (Map.Entry<String, List<String>> e : outcomes.entrySet()) {
            if (!inOrder(e.getValue())) {
                n++;
                log.accept("outcomes out of order: " + e.getKey() + " " + e.getValue());
            }
        }
        return n;
    }

    /** Orders past the payer's step (the sandboxes script every payment to an end), or parked. */
    int settled(Set<String> parked) {
        int n = 0;
        for (Map.Entry<String, List<String>> e : outcomes.entrySet()) {
            if (parked.contains(e.getKey()) || e.getValue().stream().anyMatch(s -> !s.equals("RECEIVED") && !s.equals("ACTION_REQUIRED"))) {
                n++;
            }
        }
        return n;
    }

    /** Orders with an outcome past RECEIVED: their payer has a link (ACTION_REQUIRED), or they ended. */
    int pastReceived() {
        return (int) outcomes.values().stream().filter(statuses -> statuses.stream().anyMatch(s -> !s.equals("RECEIVED"))).count();
    }

    /** Orders that have any outcome at all. */
    int seen() {
        return outcomes.size();
    }

    /** Last status of each order, and the orders neither settled enough nor parked (lost). */
    Counts count(List<String> orderIds, Set<String> parked) {
        Map<String, Integer> byStatus = new HashMap<>();
        int lost = 0;
        int ok = 0;
        for (String id : orderIds) {
            List<String> seen = statuses(id);
            byStatus.merge(seen.isEmpty() ? "NONE" : seen.get(seen.size() - 1), 1, Integer::sum);
            if (seen.stream().anyMatch(SETTLED_ENOUGH::contains)) {
                ok++;
            } else if (!parked.contains(id)) {
                lost++;
                log.accept("lost: " + id + " " + seen);
            }
        }
        return new Counts(lost, ok, byStatus);
    }

    /** The gap in the feed around {@code at} (ms): last outcome read before it to the first after it; -1 if none after. */
    long gapAround(long at) {
        Long before = arrivals.lower(at);
        Long after = arrivals.higher(at);
        return after == null ? -1 : after - (before == null ? at : before);
    }

    /** Whether each outcome of an order is progress over the one received before it, or a step of Everifin's loop (as the store published them). */
    static boolean inOrder(List<String> statuses) {
        synchronized (statuses) {
            for (int i = 1; i < statuses.size(); i++) {
                PaymentStatus before = PaymentStatus.valueOf(statuses.get(i - 1));
                PaymentStatus after = PaymentStatus.valueOf(statuses.get(i));
                if (!before.canMoveTo(after) && !before.canAlternateTo(after)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Order ids in the DLQ: parked by the broker after its delivery attempts, for an operator. */
    static Set<String> parked(ConnectionFactory cf) throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection c = cf.createConnection(); Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            var e = session.createBrowser(session.createQueue("DLQ")).getEnumeration();
            while (e.hasMoreElements()) {
                Message m = (Message) e.nextElement();
                if (m.getJMSCorrelationID() != null) {
                    ids.add(m.getJMSCorrelationID());
                }
            }
        }
        return ids;
    }
}
