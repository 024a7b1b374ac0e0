package org.paymentroutes.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Payments from a pain.001 file on H2 and PostgreSQL (V8__iso20022.sql): received in the caller's
 * transaction, idempotently; their file identifiers kept; a status report written with the outcome of
 * each published change of theirs, and none for a JSON order's.
 */
class FileTransactionsTest extends StoreDatabases {

    static final FileTransaction REF = new FileTransaction("pain.001.001.03", "MSG-1", "PMT-1", null, "E2E-1");

    Stream<Arguments> reportingStores() {
        OutcomeFormat outcomes = (p, src) -> "outcome " + p.orderId() + "/" + p.status();
        StatusReportFormat reports = (p, ref) -> p.status() == PaymentStatus.ACTION_REQUIRED ? null
                : "report " + ref.msgId() + "/" + ref.endToEndId() + "/" + p.status();
        return Stream.of(Arguments.of("h2", new PaymentStore(h2, Clock.systemUTC(), outcomes, "payments.outcomes", reports, "reports")),
                Arguments.of("postgresql", new PaymentStore(pg, Clock.systemUTC(), outcomes, "payments.outcomes", reports, "reports")));
    }

    static Payments.Received receiveInFile(PaymentStore store, String id) {
        return store.inTransaction(tx -> {
            Payments.Received r = store.payments().receive(tx, id, "fintecture", new BigDecimal("12.50"), "EUR", "INV", "hash-" + id, "{}");
            store.files().record(tx, id, REF);
            return r;
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reportingStores")
    void aFileIsReceivedOnceInOneTransactionWithItsIdentifiers(String db, PaymentStore store) {
        String id = db + "-F1";
        assertThat(receiveInFile(store, id).created()).isTrue();
        Payments.Received again = receiveInFile(store, id);

        assertThat(again.created()).isFalse();
        assertThat(again.payment().orderHash()).isEqualTo("hash-" + id);
        assertThat(store.history().of(id)).hasSize(1);
        assertThat(store.files().find(id)).contains(REF);
        assertThat(store.outbox().unsent(10_000)).filteredOn(m -> m.orderId().equals(id)).extracting(OutboxMessage::body)
                .containsExactly("outcome " + id + "/RECEIVED");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reportingStores")
    void aRolledBackFileLeavesNothing(String db, PaymentStore store) {
        String id = db + "-F-ROLLBACK";
        try {
            store.inTransaction(tx -> {
                store.payments().receive(tx, id, "fintecture", BigDecimal.ONE, "EUR", null, "h", "{}");
                store.files().record(tx, id, REF);
                throw new IllegalStateException("the file's transaction fails");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }
        assertThat(store.payments().find(id)).isEmpty();
        assertThat(store.files().find(id)).isEmpty();
        assertThat(store.outbox().unsent(10_000)).noneMatch(m -> m.orderId().equals(id));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reportingStores")
    void aPublishedChangeOfAFilePaymentAddsItsReportAJsonOrderNone(String db, PaymentStore store) {
        String file = db + "-F2";
        String json = db + "-J2";
        receiveInFile(store, file);
        store.payments().receive(json, "fintecture", BigDecimal.ONE, "EUR", null, "h", "{}");
        for (String id : new String[] {file, json}) {
            store.payments().transition(id, Transition.to(PaymentStatus.ACTION_REQUIRED).source("initiation").viaOutbox());
            store.payments().transition(id, Transition.to(PaymentStatus.AUTHORIZED).source("webhook").viaOutbox());
            // Not progress: not applied, nothing published.
            store.payments().transition(id, Transition.to(PaymentStatus.ACTION_REQUIRED).source("webhook").viaOutbox());
        }

        assertThat(store.outbox().unsent(10_000)).filteredOn(m -> m.orderId().equals(file))
                .extracting(m -> m.queue() + ": " + m.body()).containsExactly(
                        "payments.outcomes: outcome " + file + "/RECEIVED",
                        "payments.outcomes: outcome " + file + "/ACTION_REQUIRED",
                        "payments.outcomes: outcome " + file + "/AUTHORIZED",
                        "reports: report MSG-1/E2E-1/AUTHORIZED");
        assertThat(store.outbox().unsent(10_000)).filteredOn(m -> m.orderId().equals(json)).extracting(OutboxMessage::queue)
                .containsOnly("payments.outcomes").hasSize(3);
    }
}
