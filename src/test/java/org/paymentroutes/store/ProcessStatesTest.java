package org.paymentroutes.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Everifin loop's row on H2 and PostgreSQL (migration V6): the return token's hash is kept with it. */
class ProcessStatesTest extends StoreDatabases {

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void theReturnTokensHashIsKeptWithTheLoop(String db, PaymentStore store) {
        String orderId = db + "-EV-TOKEN";
        receive(store, orderId);
        String hash = "ab".repeat(32);
        store.inTransaction(c -> {
            store.processes().start(c, orderId, "203.0.113.7", "Mozilla/5.0", hash);
            return null;
        });
        assertThat(store.processes().returnTokenSha256(orderId)).hasValue(hash);
        assertThat(store.processes().returnTokenSha256(db + "-EV-UNKNOWN")).isEmpty();
        assertThat(store.processes().find(orderId)).hasValueSatisfying(s -> assertThat(s.seq()).isZero());
    }
}
