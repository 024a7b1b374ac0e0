package org.paymentroutes.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogMaskingTest {

    @Test
    void storeAndBrokerUrlsLoseTheirCredentials() {
        assertThat(LogMasking.url("jdbc:postgresql://db:5432/payments?user=pay&password=s3cr3t&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/payments?user=***&password=***&ssl=true");
        assertThat(LogMasking.url("jdbc:postgresql://pay:s3cr3t@db:5432/payments")).isEqualTo("jdbc:postgresql://***@db:5432/payments");
        assertThat(LogMasking.url("jdbc:h2:file:/data/store;USER=sa;PASSWORD=s3cr3t")).isEqualTo("jdbc:h2:file:/data/store;USER=***;PASSWORD=***");
        assertThat(LogMasking.url("tcp://bundle:s3cr3t@broker:61616")).isEqualTo("tcp://***@broker:61616");
        assertThat(LogMasking.url("tcp://broker:61616?user=bundle&password=s3cr3t")).isEqualTo("tcp://broker:61616?user=***&password=***");
        assertThat(LogMasking.url("(tcp://a:61616,tcp://b:61616)?ha=true")).isEqualTo("(tcp://a:61616,tcp://b:61616)?ha=true");
        assertThat(LogMasking.url("tcp://127.0.0.1:61616")).isEqualTo("tcp://127.0.0.1:61616");
    }

    @Test
    void credentialsAndTokensAreMaskedWhereverTheyAppear() {
        String masked = LogMasking.mask("""
                >> Authorization: Basic c2FuZGJveC1hcHAtaWQ6c2VjcmV0
                >> "Authorization: Bearer vAivrz54F2gpMODJS5_rUVo9sOFhJ5M7mJBfwkIBsFo[\\r][\\n]"
                grant_type=client_credentials&client_id=app&client_secret=the-secret&scope=pis
                {"access_token":"tok-123","refresh_token": "ref-456","expires_in":3600,"app_secret":"x"}
                headers={Authorization=Bearer tok-789, Accept=application/json} password: hunter2
                """);
        assertThat(masked).doesNotContain("c2FuZGJveC1hcHAtaWQ6c2VjcmV0", "vAivrz54F2gpMODJS5_rUVo9sOFhJ5M7mJBfwkIBsFo", "the-secret",
                "tok-123", "ref-456", "tok-789", "hunter2", "\"x\"")
                .contains("client_id=app", "\"expires_in\":3600", "Accept=application/json", "Authorization: ***");
    }

    @Test
    void payerDataIsMasked() {
        String masked = LogMasking.mask("{\"psu_name\":\"Julien Lefebre\",\"psu_email\":\"julien@example.com\",\"senderIban\":\"SK2411000000002612345678\","
                + "\"amount\":1250.00} reply to jana.novakova@example.sk, account SK24 1100 0000 0026 1234 5678, order ERP-2026-000123");
        assertThat(masked).doesNotContain("Julien", "Lefebre", "julien@example.com", "jana.novakova", "2612345678", "5678")
                .contains("\"amount\":1250.00", "ERP-2026-000123", "SK***");
    }

    @Test
    void controlCharactersCannotForgeALine() {
        assertThat(LogMasking.forLog("state AAA\nFAKE-LINE x\u0000y\r\u001b[31m\u2028")).isEqualTo("state AAA\\nFAKE-LINE x\\u0000y\\r\\u001b[31m\\u2028");
        assertThat(LogMasking.forLog("plain line")).isEqualTo("plain line");
    }

    @Test
    void aStrangersNoteIsShortAndOnOneLine() {
        String note = LogMasking.bounded("A\n".repeat(1500), 100);
        assertThat(note).hasSizeLessThanOrEqualTo(120).doesNotContain("\n").endsWith("...(3000 chars)");
        assertThat(LogMasking.bounded("short", 100)).isEqualTo("short");
    }
}
