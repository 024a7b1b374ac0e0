package org.paymentroutes.sandbox.everifin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a BankConnect client and its payer's browser do, written from Everifin's documentation
 * with plain JDK HTTP and JCA (no sandbox code), so that the tests check the sandbox against the
 * documented protocol rather than against itself.
 */
final class FrontEnd {

    static final String IP = "203.0.113.7";
    static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
    static final String CALLBACK = "https://erp.example/callbacks/everifin";
    static final String RECIPIENT_IBAN = "SK3112000000198742637541";
    static final String ENCRYPTION_METHOD = "RSAES-OAEP/SHA-256";

    final ObjectMapper mapper = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    final String base;
    String token;

    FrontEnd(String base) {
        this.base = base;
    }

    // ---------------------------------------------------------------- identity

    String authUrl(String query) {
        return base + "/auth/realms/everifin_app/protocol/openid-connect/auth?" + query;
    }

    String tokenUrl() {
        return base + "/auth/realms/everifin_app/protocol/openid-connect/token";
    }

    /** The authorization-code flow with auto=1 (no consent page), then the code exchange. */
    JsonNode login() throws Exception {
        String redirectUri = "http://127.0.0.1:8080/everifin/authorized";
        HttpResponse<String> auth = get(authUrl("client_id=" + EverifinSandboxSettings.DEMO_CLIENT_ID
                + "&redirect_uri=" + enc(redirectUri) + "&response_type=code&state=s-1&scope=pis&auto=1"));
        assertThat(auth.statusCode()).as(auth.body()).isEqualTo(302);
        Map<String, String> query = query(auth.headers().firstValue("Location").orElseThrow());
        assertThat(query.get("state")).isEqualTo("s-1");
        HttpResponse<String> tokens = form(tokenUrl(), "grant_type=authorization_code&code=" + enc(query.get("code"))
                + "&client_id=" + EverifinSandboxSettings.DEMO_CLIENT_ID
                + "&client_secret=" + EverifinSandboxSettings.DEMO_CLIENT_SECRET
                + "&redirect_uri=" + enc(redirectUri));
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        JsonNode json = mapper.readTree(tokens.body());
        token = json.path("access_token").asText();
        return json;
    }

    // ---------------------------------------------------------------- API

    JsonNode create(String senderIban) throws Exception {
        ObjectNode body = mapper.createObjectNode();
        body.put("amount", "273.00");
        body.put("currency", "EUR");
        body.put("recipientIban", RECIPIENT_IBAN);
        body.put("recipientName", "ACME s.r.o.");
        if (senderIban != null) {
            body.put("senderIban", senderIban);
        }
        body.put("variableSymbol", "2026000123");
        body.put("redirectUrl", CALLBACK + "?orderId=ERP-1");
        body.put("paymentMessage", "Invoice B34970692");
        HttpResponse<String> response = createRaw(body.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return mapper.readTree(response.body());
    }

    long createForProfile(String profile) throws Exception {
        return create(BankProfiles.exampleSenderIban(profile)).path("id").asLong();
    }

    HttpResponse<String> createRaw(String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/v1/payments/single"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> status(long id) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/v1/payments/single/" + id))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A process call with the payer headers; {@code encrypted} adds x-user-data-encryption-method. */
    HttpResponse<String> process(long id, String json, boolean encrypted) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-ef-sender-ip", IP);
        headers.put("x-ef-sender-user-agent", BROWSER);
        if (encrypted) {
            headers.put("x-user-data-encryption-method", ENCRYPTION_METHOD);
        }
        return process(id, json, headers);
    }

    HttpResponse<String> process(long id, String json, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/v1/payments/single/" + id))
                .header("Authorization", "Bearer " + token)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json == null ? "" : json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A process call that must be answered 200; returns the answer. */
    JsonNode step(long id, String json, boolean encrypted) throws Exception {
        HttpResponse<String> response = process(id, json, encrypted);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return mapper.readTree(response.body());
    }

    // ---------------------------------------------------------------- the payer's browser at the bank

    /** Opens the bank page of a REDIRECT answer and clicks a button; returns where the bank sends the payer. */
    String atBank(String redirectUrl, String choice) throws Exception {
        HttpResponse<String> page = get(redirectUrl);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("Approve").contains("Cancel");
        HttpResponse<String> decision = form(redirectUrl, "choice=" + choice);
        assertThat(decision.statusCode()).as(decision.body()).isEqualTo(302);
        return decision.headers().firstValue("Location").orElseThrow();
    }

    /** The body a front end sends after the bank redirect: every query parameter the payer came back with. */
    String returnBody(String location) throws Exception {
        return mapper.writeValueAsString(query(location));
    }

    // ---------------------------------------------------------------- the process loop, as a front end runs it

    /** Everything the payer would do, and a record of each answer's type (and status when NEXT). */
    static final class Payer {
        final Map<String, Function<JsonNode, String>> inputs = new LinkedHashMap<>();
        String bankChoice = "approve";
        Runnable onPush = () -> { };

        Payer answer(String name, String value) {
            inputs.put(name, input -> value);
            return this;
        }

        Payer answer(String name, Function<JsonNode, String> value) {
            inputs.put(name, value);
            return this;
        }
    }

    record Run(JsonNode last, List<String> trace) {
    }

    Run drive(long id, Payer payer) throws Exception {
        List<String> trace = new ArrayList<>();
        String body = null;
        boolean encrypted = false;
        for (int call = 0; call < 30; call++) {
            JsonNode answer = step(id, body, encrypted);
            String type = answer.path("type").asText();
            String status = answer.path("status").asText();
            trace.add(type.equals("NEXT") ? "NEXT " + status : type);
            body = null;
            encrypted = false;
            switch (type) {
                case "NEXT":
                    if (List.of("CONFIRMED", "BOOKED", "FAILED").contains(status)) {
                        return new Run(answer, trace);
                    }
                    break;
                case "REDIRECT":
                    body = returnBody(atBank(answer.path("redirectUrl").asText(), payer.bankChoice));
                    break;
                case "PUSH":
                    payer.onPush.run();
                    break;
                case "INPUT":
                    ObjectNode values = mapper.createObjectNode();
                    List<JsonNode> asked = answer.has("inputSet") ? list(answer.path("inputSet")) : List.of(answer.path("input"));
                    List<String> toEncrypt = answer.has("inputsToEncrypt")
                            ? list(answer.path("inputsToEncrypt")).stream().map(JsonNode::asText).toList() : List.of();
                    for (JsonNode input : asked) {
                        String name = input.path("name").asText();
                        String value = payer.inputs.get(name).apply(input);
                        if (toEncrypt.contains(name)) {
                            JsonNode config = answer.path("inputEncryptionConfig");
                            assertThat(config.path("encryptionMethod").asText()).isEqualTo(ENCRYPTION_METHOD);
                            values.put(name, encrypt(config.path("encryptionKey").asText(), value));
                            encrypted = true;
                        } else if (input.path("type").asText().equals("BOOLEAN")) {
                            values.put(name, Boolean.parseBoolean(value));
                        } else {
                            values.put(name, value);
                        }
                    }
                    body = values.toString();
                    break;
                default:
                    throw new AssertionError("unknown step type " + type + " in " + answer);
            }
        }
        throw new AssertionError("no final status after 30 process calls: " + trace);
    }

    // ---------------------------------------------------------------- encryption, as the documentation describes it

    /** base64(RSAES-OAEP(SHA-256, MGF1-SHA-256) of the UTF-8 value), with the key from inputEncryptionConfig. */
    static String encrypt(String base64SpkiKey, String value) throws Exception {
        return encrypt(base64SpkiKey, value, MGF1ParameterSpec.SHA256);
    }

    static String encrypt(String base64SpkiKey, String value, MGF1ParameterSpec mgf1) throws Exception {
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64SpkiKey)));
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new OAEPParameterSpec("SHA-256", "MGF1", mgf1, PSource.PSpecified.DEFAULT));
        return Base64.getEncoder().encodeToString(cipher.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }

    // ---------------------------------------------------------------- plumbing

    HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> form(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(HttpResponse<String> response) throws Exception {
        return mapper.readTree(response.body());
    }

    static Map<String, String> query(String url) {
        Map<String, String> params = new LinkedHashMap<>();
        String query = URI.create(url).getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    /** The payer who knows the demo bank login and picks the first offered account. */
    static Payer demoPayer() {
        return new Payer()
                .answer("userId", EverifinSandboxSettings.DEMO_USER_ID)
                .answer("userPassword", EverifinSandboxSettings.DEMO_USER_PASSWORD)
                .answer("otp", EverifinSandboxSettings.DEMO_OTP)
                .answer("senderIban", input -> input.path("selectOptions").path(0).path("value").asText())
                .answer("scanConfirmation", "SCANNED")
                .answer("consent", "true");
    }
}
