package org.paymentroutes.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The tags stay bounded: ids and tokens out of provider endpoints, unknown step types as "other". */
class PaymentMetricsTest {

    @Test
    void endpointsLoseTheirIdsAndQueryButKeepTheirVersionedPaths() {
        assertThat(PaymentMetrics.endpoint("/v1/payments/single/3f2c1e0a-77aa-4bb1-9c1d-0e5f2a6b7c8d")).isEqualTo("/v1/payments/single/{id}");
        assertThat(PaymentMetrics.endpoint("/pis/v2/connect?state=ORDER-123")).isEqualTo("/pis/v2/connect");
        assertThat(PaymentMetrics.endpoint("/pis/v2/payments/sess1234")).isEqualTo("/pis/v2/payments/{id}");
        assertThat(PaymentMetrics.endpoint(null)).isEqualTo("/");
    }

    @Test
    void anUnknownEverifinStepTypeIsCountedAsOther() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
        try {
            PaymentMetrics.everifinStep("SOMETHING_NEW");
            PaymentMetrics.everifinStep("PUSH");
            assertThat(registry.get("payments.everifin.steps").tag("type", "other").counter().count()).isEqualTo(1);
            assertThat(registry.get("payments.everifin.steps").tag("type", "push").counter().count()).isEqualTo(1);
            assertThat(registry.find("payments.everifin.steps").tag("type", "something_new").counter()).isNull();
        } finally {
            Metrics.removeRegistry(registry);
        }
    }
}
