package org.paymentroutes.sandbox.fintecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A merchant's client of the sandbox over HTTP, for the webhook and scripted-outcome tests. */
final class SandboxClient {

    static final String REDIRECT_URI = "https://shop.example/payments/return";

    private final FintectureSandbox sandbox;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private String token;

    SandboxClient(FintectureSandbox sandbox) {
        this.sandbox = sandbox;
    }

    /** Creates a session through POST /pis/v2/connect (signed) and returns its id. */
    String createSession(String amount, String state) throws IOException, InterruptedException {
        String body = """
                {"meta":{"psu_name":"Julien Lefebre"},\
                "data":{"type":"payments","attributes":{"amount":"%s","currency":"EUR","communication":"B34970692"}}}"""
                .formatted(amount);
        String target = "/pis/v2/connect?redirect_uri=" + URLEncoder.encode(REDIRECT_URI, StandardCharsets.UTF_8)
                + "&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8);
        HttpResponse<String> response = send(SignedCall.post(target, body, token()).build(sandbox.baseUrl()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return mapper.readTree(response.body()).at("/meta/session_id").asText();
    }

    /** GET /pis/v2/payments/{id}, signed. */
    JsonNode payment(String sessionId) throws IOException, InterruptedException {
        HttpResponse<String> response = send(SignedCall.get("/pis/v2/payments/" + sessionId, token()).build(sandbox.baseUrl()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return mapper.readTree(response.body());
    }

    /** The payer's button on the connect page; returns the redirect (302) answer. */
    HttpResponse<String> payerChooses(String sessionId, String choice) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/connect/" + sessionId + "/decision"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("choice=" + choice)).build());
    }

    private String token() throws IOException, InterruptedException {
        if (token == null) {
            String basic = Base64.getEncoder().encodeToString(
                    (SandboxSettings.DEMO_APP_ID + ":" + SandboxSettings.DEMO_APP_SECRET).getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/oauth/accesstoken"))
                    .header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "grant_type=client_credentials&app_id=" + SandboxSettings.DEMO_APP_ID + "&scope=PIS")).build());
            token = mapper.readTree(response.body()).path("access_token").asText();
        }
        return token;
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
