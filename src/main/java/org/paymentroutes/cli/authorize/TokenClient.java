package org.paymentroutes.cli.authorize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.paymentroutes.cli.authorize.TerminalText.clean;
import static org.paymentroutes.http.FormCodec.encode;

/**
 * The OAuth client of the authorization: trades the authorization code for tokens at the identity
 * server's token endpoint and keeps only the refresh token. Its failures say what the identity server
 * said, never a token or the secret.
 *
 * @param tokenUrl     the identity server's token endpoint
 * @param redirectUri  the redirect URI the code was issued for (the token request must repeat it)
 */
public record TokenClient(String tokenUrl, String clientId, String clientSecret, String redirectUri) {

    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** The identity server did not give a refresh token; the message says why, without any secret. */
    public static final class RefusedException extends Exception {
        RefusedException(String message) {
            super(message, null, false, false);
        }
    }

    /** The refresh token for {@code code}. */
    public String refreshToken(String code) throws RefusedException {
        String form = "grant_type=authorization_code&code=" + encode(code) + "&client_id=" + encode(clientId)
                + "&client_secret=" + encode(clientSecret) + "&redirect_uri=" + encode(redirectUri);
        HttpRequest request = HttpRequest.newBuilder(URI.create(tokenUrl)).timeout(HTTP_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new RefusedException("Everifin's token endpoint " + tokenUrl + " did not answer within " + HTTP_TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            throw new RefusedException("cannot reach Everifin's token endpoint " + tokenUrl + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RefusedException("interrupted while calling Everifin's token endpoint");
        }
        int status = response.statusCode();
        JsonNode json = null;
        try {
            JsonNode n = JSON.readTree(response.body());
            json = n != null && n.isObject() ? n : null;
        } catch (IOException ignored) {
            // not JSON: described below by type and size
        }
        if (status >= 200 && status < 300 && json != null && json.hasNonNull("refresh_token")
                && json.get("refresh_token").isTextual() && !json.get("refresh_token").asText().isBlank()) {
            return json.get("refresh_token").asText().strip();
        }
        throw new RefusedException(describe(status, json, response));
    }

    /** What the identity server said, without any token or secret: status, OAuth error and description, or the field names. */
    private String describe(int status, JsonNode json, HttpResponse<byte[]> response) {
        String prefix = "Everifin's token endpoint " + tokenUrl + " answered HTTP " + status;
        if (json == null) {
            return prefix + " with no JSON (" + response.headers().firstValue("Content-Type").orElse("no Content-Type") + ", "
                    + response.body().length + " bytes) and no refresh_token";
        }
        if (json.hasNonNull("error")) {
            String description = json.path("error_description").asText(null);
            String hint = switch (json.get("error").asText()) {
                case "invalid_client", "unauthorized_client" -> "; check payments.everifin.client-id and payments.everifin.client-secret";
                case "invalid_grant" -> "; the code was refused (expired, already used, or the redirect URI differs): run everifin-authorize again";
                default -> "";
            };
            return prefix + ": " + clean(json.get("error").asText()) + (description == null ? "" : " (" + clean(description) + ")") + hint;
        }
        List<String> fields = new ArrayList<>();
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            fields.add(clean(names.next()));
        }
        return prefix + " without a refresh_token (it sent " + (fields.isEmpty() ? "an empty object" : "only " + String.join(", ", fields))
                + "); the Everifin client must be allowed refresh tokens (offline access) for this flow";
    }

    /** Never prints the client secret. */
    @Override
    public String toString() {
        return "TokenClient[tokenUrl=" + tokenUrl + ", clientId=" + clientId + ", clientSecret=***, redirectUri=" + redirectUri + "]";
    }
}
