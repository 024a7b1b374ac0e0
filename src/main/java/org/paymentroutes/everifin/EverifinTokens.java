package org.paymentroutes.everifin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.paymentroutes.provider.TokenUnavailableException;
import org.paymentroutes.provider.TokenCache;
import org.paymentroutes.metrics.PaymentMetrics;

/** Everifin's OAuth access token (refresh-token or client-credentials grant), kept in a {@link TokenCache}. */
public final class EverifinTokens {

    static final String TOKEN_ROUTE = "direct:everifin-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EverifinConfig config;
    private final TokenCache cache;
    private volatile ProducerTemplate template;

    public EverifinTokens(EverifinConfig config, Clock clock) {
        this.config = config;
        this.cache = new TokenCache(config.tokenRenewBefore(), clock);
    }

    public void setProducerTemplate(ProducerTemplate template) {
        this.template = template;
    }

    public void authorize(Exchange exchange) {
        String token = cache.get(() -> {
            PaymentMetrics.tokenRenewed("everifin");
            Exchange answer = template.request(TOKEN_ROUTE, e -> { });
            if (answer.getException() != null) {
                throw new TokenUnavailableException("Everifin access token: " + answer.getException().getMessage(), 0, answer.getException());
            }
            return read(answer.getMessage());
        });
        exchange.getIn().setHeader("Authorization", "Bearer " + token);
    }

    public void invalidate() {
        cache.invalidate();
    }

    /** The token request: the identity server's token endpoint, form-encoded, secrets in the body (never logged). */
    public void prepareRequest(Exchange exchange) {
        Message in = exchange.getIn();
        in.setHeader(Exchange.HTTP_METHOD, "POST");
        in.setHeader(Exchange.HTTP_URI, config.tokenUrl());
        in.setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
        in.setHeader("Accept", "application/json");
        String grant = config.refreshToken() != null
                ? "grant_type=refresh_token&refresh_token=" + enc(config.refreshToken())
                : "grant_type=client_credentials";
        in.setBody((grant + "&client_id=" + enc(config.clientId()) + "&client_secret=" + enc(config.clientSecret()) + "&scope=pis")
                .getBytes(StandardCharsets.UTF_8));
    }

    private TokenCache.Token read(Message response) {
        int status = response.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        byte[] body = response.getBody(byte[].class);
        String error = null;
        try {
            JsonNode n = JSON.readTree(body);
            if (status >= 200 && status < 300 && n.hasNonNull("access_token")) {
                return new TokenCache.Token(n.get("access_token").asText(), Duration.ofSeconds(n.path("expires_in").asLong(300)));
            }
            error = n.path("error").asText(null);
        } catch (Exception ignored) {
            // not JSON: the status says enough
        }
        String hint = status == 400 || status == 401
                ? " (check payments.everifin.client-id, client-secret and refresh-token; a refresh token may need a new `everifin-authorize`)" : "";
        throw new TokenUnavailableException("Everifin refused the token request: HTTP " + status + (error == null ? "" : " " + error) + hint, status, null);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
