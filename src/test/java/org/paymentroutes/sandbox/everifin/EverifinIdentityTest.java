package org.paymentroutes.sandbox.everifin;

import org.paymentroutes.sandbox.common.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The identity server: consent page, authorization code, refresh and client-credentials grants, token expiry. */
class EverifinIdentityTest {

    private static final String REDIRECT_URI = "http://127.0.0.1:8080/everifin/authorized?account=main";
    private static final String ID = EverifinSandboxSettings.DEMO_CLIENT_ID;
    private static final String SECRET = EverifinSandboxSettings.DEMO_CLIENT_SECRET;

    private MutableClock clock;
    private EverifinSandbox sandbox;
    private FrontEnd client;

    @BeforeEach
    void start() throws Exception {
        clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
        sandbox = new EverifinSandbox(EverifinSandboxSettings.demo().withPort(0), clock).start();
        client = new FrontEnd(sandbox.baseUrl());
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private String authQuery(String extra) {
        return "client_id=" + ID + "&redirect_uri=" + FrontEnd.enc(REDIRECT_URI) + "&response_type=code&state=st%201&scope=pis" + extra;
    }

    @Test
    void consentPageAllowRedirectsWithACodeAndTheState() throws Exception {
        HttpResponse<String> page = client.get(client.authUrl(authQuery("")));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.body()).contains("Everifin SANDBOX: connect your bank account").contains(">Allow</button>")
                .contains("name=\"state\" value=\"st 1\"");

        HttpResponse<String> allow = client.form(client.authUrl("").replace("?", ""), authQuery("&decision=allow"));
        assertThat(allow.statusCode()).isEqualTo(302);
        String location = allow.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(REDIRECT_URI + "&code=");
        assertThat(FrontEnd.query(location)).containsEntry("state", "st 1").containsEntry("account", "main");

        HttpResponse<String> deny = client.form(client.authUrl("").replace("?", ""), authQuery("&decision=deny"));
        assertThat(FrontEnd.query(deny.headers().firstValue("Location").orElseThrow()))
                .containsEntry("error", "access_denied").containsEntry("state", "st 1");
    }

    @Test
    void exchangesTheCodeOnceForTokensAndRefreshes() throws Exception {
        String code = code();
        HttpResponse<String> tokens = client.form(client.tokenUrl(), "grant_type=authorization_code&code=" + code
                + "&client_id=" + ID + "&client_secret=" + SECRET + "&redirect_uri=" + FrontEnd.enc(REDIRECT_URI));
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        assertThat(tokens.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode json = client.json(tokens);
        assertThat(json.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(json.path("expires_in").asInt()).isEqualTo(300);
        assertThat(json.path("scope").asText()).isEqualTo("pis");
        assertThat(json.path("refresh_token").asText()).hasSizeGreaterThan(20);
        assertThat(json.path("refresh_expires_in").asLong()).isPositive();

        // A code is single use.
        assertOauthError(client.form(client.tokenUrl(), "grant_type=authorization_code&code=" + code + "&client_id=" + ID
                + "&client_secret=" + SECRET + "&redirect_uri=" + FrontEnd.enc(REDIRECT_URI)), 400, "invalid_grant");

        // Refresh, with the client authenticated by HTTP Basic this time.
        HttpResponse<String> refreshed = client.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(client.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((ID + ":" + SECRET).getBytes(StandardCharsets.UTF_8)))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token="
                        + json.path("refresh_token").asText())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        assertThat(client.json(refreshed).path("access_token").asText()).isNotEqualTo(json.path("access_token").asText());

        assertOauthError(client.form(client.tokenUrl(), "grant_type=refresh_token&refresh_token=made-up&client_id=" + ID
                + "&client_secret=" + SECRET), 400, "invalid_grant");
    }

    @Test
    void refusesAWrongRedirectUriSecretGrantOrAnExpiredCode() throws Exception {
        assertOauthError(client.form(client.tokenUrl(), "grant_type=authorization_code&code=" + code() + "&client_id=" + ID
                + "&client_secret=" + SECRET + "&redirect_uri=" + FrontEnd.enc("http://127.0.0.1:8080/other")), 400, "invalid_grant");
        HttpResponse<String> wrongSecret = client.form(client.tokenUrl(), "grant_type=authorization_code&code=" + code()
                + "&client_id=" + ID + "&client_secret=guess&redirect_uri=" + FrontEnd.enc(REDIRECT_URI));
        assertOauthError(wrongSecret, 401, "invalid_client");
        assertThat(wrongSecret.body()).doesNotContain("guess");
        assertOauthError(client.form(client.tokenUrl(), "grant_type=password&username=a&password=b&client_id=" + ID
                + "&client_secret=" + SECRET), 400, "unsupported_grant_type");

        String late = code();
        clock.advance(Duration.ofSeconds(61));
        assertOauthError(client.form(client.tokenUrl(), "grant_type=authorization_code&code=" + late + "&client_id=" + ID
                + "&client_secret=" + SECRET + "&redirect_uri=" + FrontEnd.enc(REDIRECT_URI)), 400, "invalid_grant");
    }

    @Test
    void clientCredentialsGivesAnAccessTokenWithoutRefreshToken() throws Exception {
        HttpResponse<String> response = client.form(client.tokenUrl(), "grant_type=client_credentials&client_id=" + ID
                + "&client_secret=" + SECRET);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode json = client.json(response);
        assertThat(json.has("refresh_token")).isFalse();
        client.token = json.path("access_token").asText();
        assertThat(client.createRaw("{\"amount\":\"1.00\",\"currency\":\"EUR\",\"recipientIban\":\"" + FrontEnd.RECIPIENT_IBAN
                + "\",\"redirectUrl\":\"https://erp.example/r\"}").statusCode()).isEqualTo(201);
    }

    @Test
    void badAuthRequestsShowAnErrorOrRedirectWithOne() throws Exception {
        HttpResponse<String> unknownClient = client.get(client.authUrl(authQuery("").replace(ID, "someone")));
        assertThat(unknownClient.statusCode()).isEqualTo(400);
        assertThat(unknownClient.headers().firstValue("Location")).isEmpty();
        assertThat(unknownClient.body()).contains("Client not found.");

        assertThat(client.get(client.authUrl("client_id=" + ID + "&redirect_uri=relative&response_type=code&scope=pis"))
                .statusCode()).isEqualTo(400);

        HttpResponse<String> implicit = client.get(client.authUrl(authQuery("&auto=1").replace("response_type=code", "response_type=token")));
        assertThat(FrontEnd.query(implicit.headers().firstValue("Location").orElseThrow()))
                .containsEntry("error", "unsupported_response_type").containsEntry("state", "st 1");

        HttpResponse<String> noPis = client.get(client.authUrl(authQuery("&auto=1").replace("scope=pis", "scope=ais")));
        assertThat(FrontEnd.query(noPis.headers().firstValue("Location").orElseThrow())).containsEntry("error", "invalid_scope");

        HttpResponse<String> otherRealm = client.get(sandbox.baseUrl() + "/auth/realms/everifin_paygate/protocol/openid-connect/auth?"
                + authQuery("&auto=1"));
        assertThat(otherRealm.statusCode()).isEqualTo(404);
    }

    @Test
    void anExpiredAccessTokenIs401UntilRenewed() throws Exception {
        JsonNode tokens = client.login();
        assertThat(client.createRaw(order()).statusCode()).isEqualTo(201);

        clock.advance(Duration.ofSeconds(300));
        HttpResponse<String> expired = client.createRaw(order());
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(client.json(expired).path("error").path("message").asText()).isEqualTo("access token expired");
        assertThat(expired.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
        assertThat(client.status(PaymentStore.FIRST_ID).statusCode()).isEqualTo(401);
        assertThat(client.process(PaymentStore.FIRST_ID, null, false).statusCode()).isEqualTo(401);
        assertThat(sandbox.paymentsCreated()).isEqualTo(1);

        HttpResponse<String> renewed = client.form(client.tokenUrl(), "grant_type=refresh_token&refresh_token="
                + tokens.path("refresh_token").asText() + "&client_id=" + ID + "&client_secret=" + SECRET);
        client.token = client.json(renewed).path("access_token").asText();
        assertThat(client.createRaw(order()).statusCode()).isEqualTo(201);

        client.token = "made-up";
        assertThat(client.json(client.createRaw(order())).path("error").path("message").asText()).isEqualTo("unknown access token");
        client.token = null;
        assertThat(client.createRaw(order()).statusCode()).isEqualTo(401);
    }

    private String code() throws Exception {
        HttpResponse<String> auto = client.get(client.authUrl(authQuery("&auto=1")));
        assertThat(auto.statusCode()).isEqualTo(302);
        Map<String, String> query = FrontEnd.query(auto.headers().firstValue("Location").orElseThrow());
        return FrontEnd.enc(query.get("code"));
    }

    private static String order() {
        return "{\"amount\":\"10.00\",\"currency\":\"EUR\",\"recipientIban\":\"" + FrontEnd.RECIPIENT_IBAN
                + "\",\"redirectUrl\":\"https://erp.example/r\"}";
    }

    private void assertOauthError(HttpResponse<String> response, int status, String error) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(client.json(response).path("error").asText()).isEqualTo(error);
        assertThat(client.json(response).path("error_description").asText()).isNotBlank();
    }
}
