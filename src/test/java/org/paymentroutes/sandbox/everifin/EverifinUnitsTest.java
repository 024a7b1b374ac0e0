package org.paymentroutes.sandbox.everifin;

import org.paymentroutes.http.FormCodec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The small pieces: IBANs, the profile table, payer header checks, URL building, settings. */
class EverifinUnitsTest {

    @Test
    void ibanChecks() {
        assertThat(Iban.problem("SK3112000000198742637541")).isNull();
        assertThat(Iban.problem("DE89370400440532013000")).isNull();
        assertThat(Iban.problem("SK3112000000198742637514")).contains("check digits");
        assertThat(Iban.problem("sk3112000000198742637541")).contains("electronic form");
        assertThat(Iban.problem("DE8937040044053201300")).contains("22 characters");
        assertThat(Iban.problem(Iban.of("SK", "0200" + "000019" + "8742637541"))).isNull();
        assertThat(Iban.slovakBankCode("SK3112000000198742637541")).isEqualTo("1200");
        assertThat(Iban.slovakBankCode("DE89370400440532013000")).isNull();
    }

    @Test
    void everyProfileHasAValidExampleIbanThatSelectsIt() {
        List<String> names = BankProfiles.names();
        assertThat(names).containsExactly("redirect-only", "redirect-push", "credentials-otp", "iban-select", "image-scan",
                "fail-canceled", "fail-insufficient", "fail-aml", "fail-rejected", "fail-other", "push-late", "push-never");
        for (String name : names) {
            String iban = BankProfiles.exampleSenderIban(name);
            assertThat(Iban.problem(iban)).as(iban).isNull();
            assertThat(BankProfiles.profileFor(iban)).isEqualTo(name);
            assertThat(Iban.slovakBankCode(iban)).isEqualTo(BankProfiles.bankCodes().get(name));
        }
        assertThat(new HashSet<>(BankProfiles.bankCodes().values())).hasSize(names.size());
        assertThat(BankProfiles.profileFor(null)).isEqualTo("redirect-only");
        assertThat(BankProfiles.profileFor("SK3112000000198742637541")).isEqualTo("redirect-only"); // bank 1200: not in the table
        assertThat(BankProfiles.profileFor("DE89370400440532013000")).isEqualTo("redirect-only");
        assertThat(BankProfiles.bankCodes()).containsEntry("credentials-otp", "0200").containsEntry("fail-other", "0720");
        assertThatThrownBy(() -> BankProfiles.exampleSenderIban("nope")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void profilesMustEndWithAFinalStep() {
        assertThatThrownBy(() -> new BankProfile("0001", "broken", List.of(new Step.Redirect())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must end");
        assertThatThrownBy(() -> new BankProfile("0001", "broken", List.of(new Step.Fail("OTHER"), new Step.Next("CONFIRMED"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("final step before its end");
        assertThatThrownBy(() -> new Step.Next("BOOKED")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void payerHeaderChecks() {
        assertThat(ProcessHeaders.isIpAddress("203.0.113.7")).isTrue();
        assertThat(ProcessHeaders.isIpAddress("::1")).isTrue();
        assertThat(ProcessHeaders.isIpAddress("2001:db8::ff00:42:8329")).isTrue();
        assertThat(ProcessHeaders.isIpAddress("::ffff:192.0.2.1")).isTrue();
        assertThat(ProcessHeaders.isIpAddress("192.168.1.256")).isFalse();
        assertThat(ProcessHeaders.isIpAddress("01.2.3.4")).isFalse();
        assertThat(ProcessHeaders.isIpAddress("example.com")).isFalse();
        assertThat(ProcessHeaders.isIpAddress("2001:db8:::1")).isFalse();

        assertThat(ProcessHeaders.looksLikeBrowser("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36")).isTrue();
        assertThat(ProcessHeaders.looksLikeBrowser("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) Safari/605.1.15")).isTrue();
        assertThat(ProcessHeaders.looksLikeBrowser("Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/131.0 Mobile")).isTrue();
        assertThat(ProcessHeaders.looksLikeBrowser("Apache-HttpClient/5.4 (Java/17.0.15)")).isFalse();
        assertThat(ProcessHeaders.looksLikeBrowser("okhttp/4.12.0")).isFalse();
    }

    @Test
    void appendsQueriesAfterAnExistingQueryAndBeforeTheFragment() {
        assertThat(FormCodec.appendQuery("https://a.example/r", "code", "c 1", "state", "s&t"))
                .isEqualTo("https://a.example/r?code=c%201&state=s%26t");
        assertThat(FormCodec.appendQuery("https://a.example/r?x=1#top", "code", "c")).isEqualTo("https://a.example/r?x=1&code=c#top");
        assertThat(FormCodec.appendQuery("https://a.example/r?", "code", "c")).isEqualTo("https://a.example/r?code=c");
        assertThat(FormCodec.queryNames("https://a.example/r?orderId=1&b=2#f")).containsExactly("orderId", "b");
    }

    @Test
    void scanImageIsAValidPng() throws Exception {
        byte[] png = ScanImage.png(100_001);
        var image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(116);
        assertThat(image.getRGB(8, 8) & 0xffffff).isZero();        // top-left finder corner is dark
        assertThat(image.getRGB(0, 0) & 0xffffff).isEqualTo(0xffffff); // quiet zone is light
        assertThat(ScanImage.dataUrl(1)).isNotEqualTo(ScanImage.dataUrl(2));
    }

    @Test
    void settings() {
        EverifinSandboxSettings demo = EverifinSandboxSettings.demo();
        assertThat(demo.host()).isEqualTo("127.0.0.1");
        assertThat(demo.port()).isEqualTo(9091);
        assertThat(demo.clientId()).isEqualTo("sandbox-everifin-client");
        assertThat(demo.clientSecret()).isEqualTo("sandbox-everifin-secret-not-a-secret");
        assertThat(demo.realm()).isEqualTo("everifin_app");
        assertThat(demo.accessTokenLifetime()).isEqualTo(Duration.ofSeconds(300));
        assertThat(demo.pushPollsBeforeConfirm()).isEqualTo(2);
        assertThat(demo.toString()).doesNotContain(demo.clientSecret());
        EverifinSandboxSettings changed = demo.withPort(0).withHost("0.0.0.0").withPushPollsBeforeConfirm(0)
                .withAccessTokenLifetime(Duration.ofMinutes(1));
        assertThat(changed).isEqualTo(new EverifinSandboxSettings("0.0.0.0", 0, demo.clientId(), demo.clientSecret(),
                demo.realm(), Duration.ofMinutes(1), 0));
        assertThatThrownBy(() -> demo.withPort(70000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> demo.withPushPollsBeforeConfirm(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> demo.withAccessTokenLifetime(Duration.ofMillis(10))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lifecycle() throws Exception {
        EverifinSandbox sandbox = new EverifinSandbox(EverifinSandboxSettings.demo().withPort(0).withHost("0.0.0.0"));
        assertThatThrownBy(sandbox::baseUrl).isInstanceOf(IllegalStateException.class);
        try (sandbox) {
            sandbox.start();
            assertThat(sandbox.baseUrl()).isEqualTo("http://127.0.0.1:" + sandbox.port());
            assertThatThrownBy(sandbox::start).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> sandbox.failNext(1, 200)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
