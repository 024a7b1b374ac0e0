package org.paymentroutes.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.paymentroutes.broker.SystemProperties;
import org.paymentroutes.sandbox.everifin.BankProfiles;
import org.paymentroutes.sandbox.everifin.DemoPayer;
import org.paymentroutes.sandbox.everifin.EverifinSandboxSettings;

/**
 * End-to-end encryption of Everifin inputs: the ciphertext is made outside the JVM, from the public
 * key of the bundle's INPUT action, by the README's own browser function run in Node's WebCrypto,
 * and by the openssl CLI; the bundle forwards it as it is and the sandbox, which holds the private
 * key, decrypts it and accepts the demo bank's credentials and OTP (the payment is AUTHORIZED). The
 * bundle runs with {@code payments.everifin.inputs.clear-text=refused}, so nothing sensitive can
 * have reached Everifin any other way. Node and openssl are required: a machine without them fails
 * here, by name, rather than skipping the proof.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserEncryptedInputsE2ETest {

    static final String ALL = BadOrderCorpusE2ETest.ALL;
    /** A rolled-back inputs message is redelivered once after 100 ms, then dead-lettered: the DLQ checks see it. */
    static final Map<String, String> BROKER = BadOrderCorpusE2ETest.BROKER;

    @TempDir
    static Path dir;

    TestBundle bundle;
    final ObjectMapper json = new ObjectMapper();
    SystemProperties properties;
    final StringWriter logs = new StringWriter();
    WriterAppender appender;

    @BeforeAll
    void start() throws Exception {
        properties = SystemProperties.set(BROKER);
        bundle = TestBundle.start(dir, Map.of("payments.everifin.inputs.clear-text", "refused"));
        LoggerContext ctx = LoggerContext.getContext(false);
        appender = WriterAppender.newBuilder().setName("encrypted-inputs-capture").setTarget(logs)
                .setLayout(PatternLayout.newBuilder().withPattern("%m %ex%n").build()).build();
        appender.start();
        ctx.getConfiguration().addAppender(appender);
        ctx.getConfiguration().getRootLogger().addAppender(appender, Level.ALL, null);
        ctx.getConfiguration().getLoggerConfig("org.paymentroutes").addAppender(appender, Level.ALL, null);
        ctx.updateLoggers();
    }

    @AfterAll
    void stop() throws Exception {
        LoggerContext ctx = LoggerContext.getContext(false);
        ctx.getConfiguration().getRootLogger().removeAppender(appender.getName());
        ctx.getConfiguration().getLoggerConfig("org.paymentroutes").removeAppender(appender.getName());
        ctx.updateLoggers();
        appender.stop();
        try {
            if (bundle != null) {
                bundle.close();
            }
        } finally {
            properties.close();
        }
    }

    static String order(String orderId) {
        return EverifinE2ETest.order(orderId, BankProfiles.exampleSenderIban("credentials-otp"));
    }

    /** Waits for the next action of the order; the payment must not end before it. */
    JsonNode nextAction(String orderId) throws Exception {
        List<JsonNode> actions = bundle.receive("payments.actions", orderId, 1, 20_000);
        assertThat(actions).as("an action for " + orderId).hasSize(1);
        return actions.get(0);
    }

    /** Answers INPUT actions with {@code frontEnd} (and waits out pushes) until the final outcome. */
    String driveToTheEnd(String orderId, FrontEnd frontEnd, List<String> sentCiphertexts) throws Exception {
        long deadline = System.currentTimeMillis() + 40_000;
        while (System.currentTimeMillis() < deadline) {
            for (JsonNode o : bundle.receive("payments.outcomes", orderId, 20, 200)) {
                String status = o.path("status").asText();
                if (EverifinE2ETest.FINAL.contains(status)) {
                    return status + (o.path("reasonCode").isNull() ? "" : ":" + o.path("reasonCode").asText());
                }
            }
            for (JsonNode action : bundle.receive("payments.actions", orderId, 1, 200)) {
                if (action.path("type").asText().equals("INPUT")) {
                    JsonNode message = frontEnd.inputsMessage(action, DemoPayer.answers(action));
                    message.path("encryptedValues").forEach(v -> sentCiphertexts.add(v.asText()));
                    bundle.send("payments.inputs", message.toString());
                }
            }
        }
        throw new AssertionError("no final outcome for " + orderId);
    }

    /** What the payer's browser does: from the INPUT action and what the payer typed, the payments.inputs message. */
    interface FrontEnd {
        JsonNode inputsMessage(JsonNode action, ObjectNode typed) throws Exception;
    }

    @Test
    void credentialsAndOtpEncryptedByTheReadmesFunctionInNodesWebCryptoReachTheBank() throws Exception {
        assertTheProcessWithFrontEnd("EV-E2E-NODE", this::nodeWebCrypto);
    }

    @Test
    void credentialsAndOtpEncryptedByOpensslReachTheBank() throws Exception {
        assertTheProcessWithFrontEnd("EV-E2E-OPENSSL", this::openssl);
    }

    private void assertTheProcessWithFrontEnd(String orderId, FrontEnd frontEnd) throws Exception {
        bundle.sendOrder(order(orderId));
        List<String> ciphertexts = new ArrayList<>();
        assertThat(driveToTheEnd(orderId, frontEnd, ciphertexts)).isEqualTo("AUTHORIZED");
        // userId and userPassword, then the OTP: each went to Everifin exactly as the front end made it.
        assertThat(ciphertexts).hasSize(3);
        List<String> patches = bundle.everifin.requests().stream().filter(r -> r.method().equals("PATCH"))
                .map(r -> new String(r.body(), StandardCharsets.UTF_8)).toList();
        for (String ciphertext : ciphertexts) {
            assertThat(Base64.getDecoder().decode(ciphertext)).hasSize(256);
            assertThat(patches.stream().filter(p -> p.contains("\"" + ciphertext + "\""))).as("forwarded unchanged, once").hasSize(1);
        }
        assertNoSecretAnywhere(orderId);
    }

    @Test
    void eachBadEncryptedOrClearValueIsRefusedByNameNeverToTheDlqAndTheStepWaitsOn() throws Exception {
        String orderId = "EV-E2E-REFUSED";
        bundle.sendOrder(order(orderId));
        JsonNode action = nextAction(orderId);
        assertThat(action.path("type").asText()).isEqualTo("INPUT");
        String goodUserId = openssl(action, DemoPayer.answers(action)).path("encryptedValues").path("userId").asText();
        String password = EverifinSandboxSettings.DEMO_USER_PASSWORD;
        String notBase64 = "Zm9v!bad-base64-" + password;
        String shortCiphertext = Base64.getEncoder().encodeToString(new byte[128]);
        // message -> the field its refusal names, and what its reason says
        Map<String, List<String>> cases = new java.util.LinkedHashMap<>();
        cases.put("{\"userId\": \"" + goodUserId + "\", \"userPassword\": \"" + notBase64 + "\"}",
                List.of("encryptedValues.userPassword", "not standard base64"));
        cases.put("{\"userId\": \"" + goodUserId + "\", \"userPassword\": \"" + shortCiphertext + "\"}",
                List.of("encryptedValues.userPassword", "128 bytes"));
        cases.put("{\"userId\": \"" + goodUserId + "\", \"userPassword\": \"" + goodUserId + "\", \"pin\": \"" + goodUserId + "\"}",
                List.of("encryptedValues.pin", "not asked for"));
        cases.put("{\"userId\": \"" + goodUserId + "\", \"userPassword\": \"" + goodUserId + "\"}, \"values\": {\"userId\": \"x\"}",
                List.of("encryptedValues.userId", "also in values"));
        cases.put("{\"userId\": \"" + goodUserId + "\"}, \"values\": {\"userPassword\": \"" + password + "\"}",
                List.of("values.userPassword", "must be encrypted"));
        List<JsonNode> refusals = new ArrayList<>();
        for (Map.Entry<String, List<String>> c : cases.entrySet()) {
            bundle.send("payments.inputs", "{\"orderId\": \"" + orderId + "\", \"encryptedValues\": " + c.getKey() + "}");
            List<JsonNode> refused = bundle.receive("payments.rejected", orderId, 1, 10_000);
            assertThat(refused).as(c.getKey()).hasSize(1);
            JsonNode errors = refused.get(0).path("errors");
            assertThat(errors).as(refused.get(0).toString()).anySatisfy(e -> {
                assertThat(e.path("field").asText()).isEqualTo(c.getValue().get(0));
                assertThat(e.path("reason").asText()).contains(c.getValue().get(1));
            });
            refusals.add(refused.get(0));
        }
        for (JsonNode refusal : refusals) {
            assertThat(refusal.toString()).doesNotContain(password).doesNotContain(goodUserId).doesNotContain("Zm9v!bad");
        }
        // Each was acknowledged: none waits for redelivery, none was dead-lettered.
        Thread.sleep(1_000);
        assertThat(bundle.receiveMessages("payments.inputs", ALL, 1, 500)).as("nothing left to redeliver").isEmpty();
        assertThat(bundle.receiveMessages("DLQ", ALL, 10, 500)).as("never rolled back into DLQ").isEmpty();
        assertThat(logs.toString()).contains(orderId).doesNotContain(password).doesNotContain(goodUserId).doesNotContain("Zm9v!bad");
        // The step still waits; the payer's browser answers it properly.
        List<String> ciphertexts = new ArrayList<>();
        bundle.send("payments.inputs", nodeWebCrypto(action, DemoPayer.answers(action)).toString());
        assertThat(driveToTheEnd(orderId, this::nodeWebCrypto, ciphertexts)).isEqualTo("AUTHORIZED");
        assertNoSecretAnywhere(orderId);
    }

    private void assertNoSecretAnywhere(String orderId) throws Exception {
        String store = bundle.storeDump();
        for (String secret : List.of(EverifinSandboxSettings.DEMO_USER_PASSWORD, EverifinSandboxSettings.DEMO_USER_ID)) {
            assertThat(logs.toString()).as("logs").doesNotContain(secret);
            assertThat(store).as("store").doesNotContain(secret);
        }
        assertThat(store).as("the dump worked").contains(orderId);
        assertThat(logs.toString()).as("the capture worked").contains(orderId);
    }

    // ---- the two front ends, outside the JVM ---------------------------------------------------------

    /** The README's browser function ({@code inputsMessage}), run as it is by Node's WebCrypto. */
    JsonNode nodeWebCrypto(JsonNode action, ObjectNode typed) throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher block = Pattern.compile("```js\\n(.*?inputsMessage.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(block.find()).as("README.md has the browser function inputsMessage in a ```js block").isTrue();
        String script = block.group(1) + """
                let input = "";
                process.stdin.on("data", d => input += d).on("end", async () => {
                  const {action, typed} = JSON.parse(input);
                  process.stdout.write(JSON.stringify(await inputsMessage(action, typed)));
                });
                """;
        ObjectNode input = json.createObjectNode();
        input.set("action", action);
        input.set("typed", typed);
        // The values go through stdin: never on a command line other users can list.
        return json.readTree(run(List.of(tool("node"), "-e", script), input.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** A second, independent implementation: openssl pkeyutl with OAEP, SHA-256 and MGF1-SHA-256. */
    JsonNode openssl(JsonNode action, ObjectNode typed) throws Exception {
        String der = action.path("encryption").path("publicKey").asText();
        Path pem = Files.createTempFile(dir, "everifin", ".pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(Base64.getDecoder().decode(der)) + "\n-----END PUBLIC KEY-----\n");
        ObjectNode message = json.createObjectNode().put("orderId", action.path("orderId").asText());
        ObjectNode values = message.putObject("values");
        ObjectNode encrypted = message.putObject("encryptedValues");
        List<String> sensitive = new ArrayList<>();
        action.path("sensitive").forEach(n -> sensitive.add(n.asText()));
        for (Iterator<Map.Entry<String, JsonNode>> it = typed.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!sensitive.contains(e.getKey())) {
                values.set(e.getKey(), e.getValue());
                continue;
            }
            byte[] ciphertext = runBytes(List.of(tool("openssl"), "pkeyutl", "-encrypt", "-pubin", "-inkey", pem.toString(),
                    "-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", "rsa_oaep_md:sha256", "-pkeyopt", "rsa_mgf1_md:sha256"),
                    e.getValue().asText().getBytes(StandardCharsets.UTF_8));
            encrypted.put(e.getKey(), Base64.getEncoder().encodeToString(ciphertext));
        }
        return message;
    }

    /** The tool, which must be installed (CI machines have node 20 and openssl): failing, by name, when it is not. */
    static String tool(String name) {
        try {
            Process p = new ProcessBuilder(name, name.equals("node") ? "--version" : "version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return name;
            }
        } catch (Exception e) {
            // reported below
        }
        throw new AssertionError(name + " is required by this test (the ciphertext must be made outside the JVM) and is not "
                + "installed or does not run: install it (node 20 or later, openssl 1.1 or later)");
    }

    static String run(List<String> command, byte[] stdin) throws Exception {
        return new String(runBytes(command, stdin), StandardCharsets.UTF_8);
    }

    static byte[] runBytes(List<String> command, byte[] stdin) throws Exception {
        Process p = new ProcessBuilder(command).start();
        try (var in = p.getOutputStream()) {
            in.write(stdin);
        }
        var err = p.getErrorStream();
        byte[] out = p.getInputStream().readAllBytes();
        String errors = new String(err.readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(command.get(0) + " finished").isTrue();
        assertThat(p.exitValue()).as(command.get(0) + " failed: " + errors).isZero();
        return out;
    }
}
