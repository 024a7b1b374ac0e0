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
}
