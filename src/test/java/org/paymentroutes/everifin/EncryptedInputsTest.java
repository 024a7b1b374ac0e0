package org.paymentroutes.everifin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.paymentroutes.config.ConfigException;
import org.paymentroutes.config.Settings;
import org.paymentroutes.order.Problem;
import org.paymentroutes.outcome.Messages;
import org.paymentroutes.routes.ExchangeKeys;
import org.paymentroutes.signing.InputEncryptor;
import org.paymentroutes.store.PaymentStore;
import org.paymentroutes.store.ProcessState;
import org.paymentroutes.store.StoreDataSource;

/**
 * payments.inputs with {@code encryptedValues} against a store whose payment waits on an INPUT step
 * (userId and userPassword sensitive, account not): good ciphertexts are forwarded unchanged, and
 * each bad message is refused naming the field, without an exception (so the route answers on
 * payments.rejected and acknowledges; nothing rolls back into DLQ), and without the value in the
 * refusal or in any log line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EncryptedInputsTest {

    static final String ORDER = "EV-ENC-1";
    static final String SECRET = "Secret-Value-4711";

    @TempDir
    static Path dir;

    final ObjectMapper json = new ObjectMapper();
    HikariDataSource ds;
    PaymentStore store;
    KeyPair keys;
    String publicKey;
    final StringWriter logs = new StringWriter();
    WriterAppender appender;

    @BeforeAll
    void open() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        publicKey = Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
        ds = StoreDataSource.open("jdbc:h2:file:" + dir.resolve("store"), "sa", "", 4);
        store = new PaymentStore(ds, Messages::outcome, "payments.outcomes");
        store.payments().receive(ORDER, "everifin", new BigDecimal("10.00"), "EUR", "c", "h", "{}");
        store.inTransaction(tx -> {
            store.processes().start(tx, ORDER, "203.0.113.7", "Mozilla/5.0 (X11; Linux x86_64)", "sha");
            return null;
        });
        ProcessState start = store.processes().find(ORDER).orElseThrow();
        store.inTransaction(tx -> store.processes().advance(tx, start, start.advanced("INPUT", null,
                List.of("userId", "userPassword", "account"), List.of("userId", "userPassword"), publicKey, 0, 0, store.now())));

        LoggerContext ctx = LoggerContext.getContext(false);
        appender = WriterAppender.newBuilder().setName("encrypted-inputs-unit").setTarget(logs)
                .setLayout(PatternLayout.newBuilder().withPattern("%m %ex%n").build()).build();
        appender.start();
        ctx.getConfiguration().addAppender(appender);
        ctx.getConfiguration().getLoggerConfig("org.paymentroutes").addAppender(appender, Level.ALL, null);
        ctx.getConfiguration().getRootLogger().addAppender(appender, Level.ALL, null);
        ctx.updateLoggers();
    }

    @AfterAll
    void close() {
        LoggerContext ctx = LoggerContext.getContext(false);
        ctx.getConfiguration().getLoggerConfig("org.paymentroutes").removeAppender(appender.getName());
        ctx.getConfiguration().getRootLogger().removeAppender(appender.getName());
        ctx.updateLoggers();
        appender.stop();
        ds.close();
    }

    String ciphertext(String value) {
        return InputEncryptor.encrypt(publicKey, value);
    }

    Exchange accept(String message, boolean clearTextRefused) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setBody(message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        new EverifinInputs(store, store.processes(), clearTextRefused).accept(exchange);
        return exchange;
    }

    @Test
    void browserCiphertextsAreForwardedAsTheyAreAndTheRestAsSent() throws Exception {
        String userId = ciphertext("payer-1");
        String password = ciphertext(SECRET);
        Exchange exchange = accept("{\"orderId\": \"" + ORDER + "\", \"values\": {\"account\": \"SK31\"}, \"encryptedValues\": "
                + "{\"userId\": \"" + userId + "\", \"userPassword\": \"" + password + "\"}}", true);

        assertThat(exchange.getProperty(ExchangeKeys.ACCEPTED, Boolean.class)).as(String.valueOf(exchange.getProperty(ExchangeKeys.PROBLEMS))).isTrue();
        JsonNode process = json.readTree(exchange.getIn().getBody(String.class));
        assertThat(process.path("encrypted").asBoolean()).isTrue();
        assertThat(process.path("body").path("userId").asText()).isEqualTo(userId);
        assertThat(process.path("body").path("userPassword").asText()).isEqualTo(password);
        assertThat(process.path("body").path("account").asText()).isEqualTo("SK31");
    }

    @Test
    void clearSensitiveValuesAreStillAcceptedByDefaultAndEncryptedHere() throws Exception {
        String password = ciphertext(SECRET);
        Exchange exchange = accept("{\"orderId\": \"" + ORDER + "\", \"values\": {\"account\": \"SK31\", \"userId\": \"payer-1\"}, "
                + "\"encryptedValues\": {\"userPassword\": \"" + password + "\"}}", false);

        assertThat(exchange.getProperty(ExchangeKeys.ACCEPTED, Boolean.class)).isTrue();
        JsonNode body = json.readTree(exchange.getIn().getBody(String.class)).path("body");
        assertThat(body.path("userPassword").asText()).isEqualTo(password);
        assertThat(body.path("userId").asText()).isNotEqualTo("payer-1").hasSize(344);
    }

    /** Each case: the encryptedValues object (V: the user id's ciphertext, S: the secret), the values object, the field refused, its reason. */
    @ParameterizedTest(name = "{2}: {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "{'userId': 'V', 'userPassword': 'S!S'}                     | {'account': 'a'}          | encryptedValues.userPassword | not standard base64",
            "{'userId': 'V', 'userPassword': 'S'}                       | {'account': 'a'}          | encryptedValues.userPassword | not standard base64",
            "{'userId': 'V', 'userPassword': 'SHORT'}                   | {'account': 'a'}          | encryptedValues.userPassword | is 128 bytes after base64; an RSA-OAEP ciphertext for the step's key is 256",
            "{'userId': 'V', 'userPassword': 'LONG'}                    | {'account': 'a'}          | encryptedValues.userPassword | is 384 bytes",
            "{'userId': 'V', 'userPassword': 'HIGH'}                    | {'account': 'a'}          | encryptedValues.userPassword | not below its modulus",
            "{'userId': 'V', 'userPassword': 12345}                     | {'account': 'a'}          | encryptedValues.userPassword | must be a string",
            "{'userId': 'V', 'userPassword': 'V', 'pin': 'V'}           | {'account': 'a'}          | encryptedValues.pin          | was not asked for by the current step",
            "{'userId': 'V', 'userPassword': 'V', 'account': 'V'}       | {}                        | encryptedValues.account      | is not an input the current step wants encrypted",
            "{'userId': 'V', 'userPassword': 'V'}                       | {'account': 'a', 'userId': 'S'} | encryptedValues.userId | is also in values",
            "{'userId': 'V'}                                            | {'account': 'a'}          | values.userPassword          | is missing",
            "'S'                                                        | {'account': 'a'}          | encryptedValues              | must be an object"})
    void eachBadMessageIsRefusedByNameWithoutTheValue(String encrypted, String values, String field, String reason) throws Exception {
        assertRefused(message(encrypted, values), false, field, reason);
    }

    @Test
    void withClearTextRefusedASensitiveValueInClearIsRefusedAndAMissingOneIsAskedForEncrypted() throws Exception {
        assertRefused(message("{'userId': 'V'}", "{'account': 'a', 'userPassword': 'S'}"), true,
                "values.userPassword", "must be encrypted in the payer's browser");
        assertRefused(message("{'userId': 'V'}", "{'account': 'a'}"), true, "encryptedValues.userPassword", "is missing");
        // Without encryptedValues at all (an old front end), the same refusal.
        assertRefused("{\"orderId\": \"" + ORDER + "\", \"values\": {\"account\": \"a\", \"userId\": \"" + SECRET + "\", \"userPassword\": \""
                + SECRET + "\"}}", true, "values.userId", "must be encrypted");
    }

    String message(String encrypted, String values) {
        byte[] high = new byte[256];
        Arrays.fill(high, (byte) 0xff);
        return ("{\"orderId\": \"" + ORDER + "\", \"values\": " + values + ", \"encryptedValues\": " + encrypted + "}")
                .replace("'S!S'", "'" + SECRET + "!'")
                .replace("'S'", "'" + SECRET + "'")
                .replace("'V'", "'" + ciphertext("payer-1") + "'")
                .replace("'SHORT'", "'" + Base64.getEncoder().encodeToString(new byte[128]) + "'")
                .replace("'LONG'", "'" + Base64.getEncoder().encodeToString(new byte[384]) + "'")
                .replace("'HIGH'", "'" + Base64.getEncoder().encodeToString(high) + "'")
                .replace('\'', '"');
    }

    @SuppressWarnings("unchecked")
    void assertRefused(String message, boolean clearTextRefused, String field, String reason) {
        int logged = logs.getBuffer().length();
        // No exception: the route publishes the refusal and acknowledges the message, nothing rolls back into DLQ.
        Exchange exchange = accept(message, clearTextRefused);

        assertThat(exchange.getProperty(ExchangeKeys.ACCEPTED, Boolean.class)).isFalse();
        List<Problem> problems = exchange.getProperty(ExchangeKeys.PROBLEMS, List.class);
        assertThat(problems).as(problems.toString()).anySatisfy(p -> {
            assertThat(p.field()).isEqualTo(field);
            assertThat(p.reason()).contains(reason);
        });
        String rejection = new EverifinInputs(store, store.processes(), clearTextRefused).rejection(exchange);
        String newLogs = logs.getBuffer().substring(logged);
        assertThat(newLogs).as("the refusal is logged").contains(ORDER).contains(field);
        for (String text : List.of(rejection, newLogs)) {
            // Neither the clear secret nor any ciphertext (or other long base64) is repeated.
            assertThat(text).doesNotContain(SECRET).doesNotContainPattern("[A-Za-z0-9+/]{40,}");
        }
        assertThat(rejection).contains(field);
    }

    @Test
    void theClearTextSettingIsAllowedOrRefusedAndNothingElse() {
        assertThat(EverifinInputs.clearTextRefused(Settings.of(Map.of()))).isFalse();
        assertThat(EverifinInputs.clearTextRefused(Settings.of(Map.of("payments.everifin.inputs.clear-text", "refused")))).isTrue();
        assertThat(EverifinInputs.clearTextRefused(Settings.of(Map.of("payments.everifin.inputs.clear-text", "allowed")))).isFalse();
        assertThatThrownBy(() -> EverifinInputs.clearTextRefused(Settings.of(Map.of("payments.everifin.inputs.clear-text", "maybe"))))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("payments.everifin.inputs.clear-text:");
    }
}
