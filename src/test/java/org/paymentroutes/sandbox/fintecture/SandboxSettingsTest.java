package org.paymentroutes.sandbox.fintecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class SandboxSettingsTest {

    @Test
    void demoSettingsUseTheShippedValuesAndTheShippedKeysArePartners() throws Exception {
        SandboxSettings demo = SandboxSettings.demo();

        assertThat(demo.host()).isEqualTo("127.0.0.1");
        assertThat(demo.port()).isEqualTo(9090);
        assertThat(demo.appId()).isEqualTo("sandbox-app-id-0000");
        assertThat(demo.appSecret()).isEqualTo("sandbox-app-secret-not-a-secret");
        assertThat(demo.requireSignatures()).isTrue();
        assertThat(demo.tokenLifetime()).isEqualTo(Duration.ofSeconds(3600));
        assertThat(demo.dateTolerance()).isEqualTo(Duration.ofMinutes(5));
        assertThat(demo.webhookUrl()).isNull();
        assertThat(demo.webhookRetryBase()).isEqualTo(Duration.ofSeconds(1));
        assertThat(demo.scriptedOutcomes()).isFalse();
        assertThat(demo.scriptedOutcomeDelay()).isEqualTo(Duration.ofMillis(200));

        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(TestSigning.demoPrivateKey());
        signer.update(new byte[] {1, 2, 3});
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(demo.merchantPublicKey());
        verifier.update(new byte[] {1, 2, 3});
        assertThat(verifier.verify(signer.sign())).isTrue();
    }

    @Test
    void loadPublicKeyRefusesSomethingElse() {
        assertThatThrownBy(() -> SandboxKeys.loadPublicKey(new ByteArrayInputStream("not a pem".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void signaturesCannotBeRequiredWithoutAKey() {
        assertThatThrownBy(() -> new SandboxSettings("127.0.0.1", 0, "a", "s", null, true, Duration.ofSeconds(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theEightArgumentConstructorStillWorksAndMeansNoWebhooksNorScripts() {
        SandboxSettings settings = new SandboxSettings("127.0.0.1", 0, "a", "s", null, false, Duration.ofSeconds(1), Duration.ZERO);

        assertThat(settings.webhookUrl()).isNull();
        assertThat(settings.scriptedOutcomes()).isFalse();
        assertThat(settings.webhookRetryBase()).isEqualTo(SandboxSettings.DEFAULT_WEBHOOK_RETRY_BASE);
    }

    @Test
    void everyWithKeepsTheOtherComponents() {
        SandboxSettings full = SandboxSettings.demo().withWebhookUrl("http://127.0.0.1:1/hook")
                .withWebhookRetryBase(Duration.ofMillis(5)).withScriptedOutcomes(true)
                .withScriptedOutcomeDelay(Duration.ofMillis(7));

        for (SandboxSettings changed : new SandboxSettings[] {full.withHost("0.0.0.0"), full.withPort(0),
                full.withRequireSignatures(false), full.withTokenLifetime(Duration.ofSeconds(9)),
                full.withDateTolerance(Duration.ofSeconds(9))}) {
            assertThat(changed.webhookUrl()).isEqualTo("http://127.0.0.1:1/hook");
            assertThat(changed.webhookRetryBase()).isEqualTo(Duration.ofMillis(5));
            assertThat(changed.scriptedOutcomes()).isTrue();
            assertThat(changed.scriptedOutcomeDelay()).isEqualTo(Duration.ofMillis(7));
        }
        assertThat(full.withWebhookUrl(null).webhookUrl()).isNull();
    }

    @Test
    void refusesABadWebhookUrlOrOneWithNoKeyToEncryptWith() {
        assertThatThrownBy(() -> SandboxSettings.demo().withWebhookUrl("/relative")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SandboxSettings.demo().withWebhookUrl("ftp://host/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SandboxSettings("127.0.0.1", 0, "a", "s", null, false, Duration.ofSeconds(1), Duration.ZERO)
                .withWebhookUrl("http://127.0.0.1:1/hook")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SandboxSettings.demo().withWebhookRetryBase(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringHidesTheWebhookUrlsQuery() {
        String text = SandboxSettings.demo().withWebhookUrl("https://shop.example/hook?token=s3cr3t").toString();

        assertThat(text).contains("webhookUrl=https://shop.example/hook?***").doesNotContain("s3cr3t");
    }
}
