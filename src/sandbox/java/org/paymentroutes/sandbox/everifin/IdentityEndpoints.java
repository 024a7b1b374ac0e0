package org.paymentroutes.sandbox.everifin;

import org.paymentroutes.sandbox.common.IncomingRequest;
import org.paymentroutes.sandbox.common.SandboxResponse;
import org.paymentroutes.sandbox.common.SandboxJson;
import org.paymentroutes.sandbox.common.HtmlPage;

import org.paymentroutes.http.FormCodec;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Everifin's identity server (a Keycloak realm), as far as BankConnect clients use it:
 * <ul>
 * <li>{@code GET /auth/realms/{realm}/protocol/openid-connect/auth?client_id&redirect_uri&response_type=code&state&scope=pis}:
 *     the consent page (Allow / Deny, posted back to the same URL); with {@code auto=1} it
 *     allows at once and redirects, for tests and scripts with no browser.</li>
 * <li>{@code POST /auth/realms/{realm}/protocol/openid-connect/token} (form): grant types
 *     {@code authorization_code}, {@code refresh_token} and, as a convenience for the bundle,
 *     {@code client_credentials}. The client authenticates with client_id/client_secret in the
 *     form or with HTTP Basic (Keycloak accepts both).</li>
 * </ul>
 * Any absolute http(s) redirect_uri is accepted for the demo client (Keycloak would check it
 * against the client's registered patterns); the token request must repeat it exactly.
 */
final class IdentityEndpoints {

    static final String PREFIX = "/auth/realms/";
    private static final String AUTH = "/protocol/openid-connect/auth";
    private static final String TOKEN = "/protocol/openid-connect/token";
    private static final String FORM = "application/x-www-form-urlencoded";

    private final EverifinSandboxSettings settings;
    private final EverifinTokens tokens;

    IdentityEndpoints(EverifinSandboxSettings settings, EverifinTokens tokens) {
        this.settings = settings;
        this.tokens = tokens;
    }

    SandboxResponse handle(IncomingRequest request) {
        String path = request.rawPath();
        String realmPrefix = PREFIX + settings.realm();
        if (!path.startsWith(realmPrefix + "/")) {
            // Keycloak's answer for a realm it does not have.
            return EverifinErrors.oauth(404, "not_found", "Realm does not exist");
        }
        String rest = path.substring(realmPrefix.length());
        if (AUTH.equals(rest)) {
            return switch (request.method()) {
                case "GET" -> authorize(request, request.rawQuery(), true);
                case "POST" -> request.hasContentType(FORM) ? authorize(request, request.bodyText(), false)
                        : EverifinErrors.oauth(400, "invalid_request", "Content-Type must be " + FORM);
                default -> EverifinErrors.methodNotAllowed(request.method());
            };
        }
        if (TOKEN.equals(rest)) {
            return "POST".equals(request.method()) ? token(request) : EverifinErrors.methodNotAllowed(request.method());
        }
        return EverifinErrors.notFound("no such endpoint in the sandbox: " + path);
    }

    // ---------------------------------------------------------------- authorization endpoint

    private SandboxResponse authorize(IncomingRequest request, String rawParams, boolean isGet) {
        Map<String, List<String>> params;
        String clientId;
        String redirectUri;
        String responseType;
        String scope;
        String state;
        String decision;
        try {
            params = FormCodec.decode(rawParams);
            clientId = FormCodec.single(params, "client_id");
            redirectUri = FormCodec.single(params, "redirect_uri");
            responseType = FormCodec.single(params, "response_type");
            scope = FormCodec.single(params, "scope");
            state = FormCodec.single(params, "state");
            decision = FormCodec.single(params, isGet ? "auto" : "decision");
        } catch (IllegalArgumentException e) {
            return errorPage(400, "Invalid request: " + e.getMessage());
        }
        // RFC 6749 4.1.2.1: with a bad client or redirect_uri, never redirect (it could be an open redirector).
        if (clientId == null || !constantTimeEquals(clientId, settings.clientId())) {
            return errorPage(400, "Client not found.");
        }
        if (!isAbsoluteHttpUrl(redirectUri)) {
            return errorPage(400, "Invalid parameter: redirect_uri");
        }
        if (!"code".equals(responseType)) {
            return redirectError(redirectUri, state, "unsupported_response_type", "response_type must be code");
        }
        if (scope == null || !Arrays.asList(scope.trim().split(" +")).contains("pis")) {
            return redirectError(redirectUri, state, "invalid_scope", "scope must include pis");
        }
        boolean allow = isGet ? "1".equals(decision) : "allow".equals(decision);
        if (isGet && !allow) {
            return SandboxResponse.html(200, consentPage(request.rawPath(), clientId, redirectUri, scope, state));
        }
        if (!allow) {
            return redirectError(redirectUri, state, "access_denied", "the user denied access");
        }
        String code = tokens.issueCode(clientId, redirectUri, scope.trim());
        return SandboxResponse.redirect(state == null
                ? FormCodec.appendQuery(redirectUri, "code", code)
                : FormCodec.appendQuery(redirectUri, "code", code, "state", state));
    }

    private static SandboxResponse redirectError(String redirectUri, String state, String error, String description) {
        String location = state == null
                ? FormCodec.appendQuery(redirectUri, "error", error, "error_description", description)
                : FormCodec.appendQuery(redirectUri, "error", error, "error_description", description, "state", state);
        SandboxResponse redirect = SandboxResponse.redirect(location);
        return new SandboxResponse(302, null, redirect.body(), redirect.headers(), error + ": " + description);
    }

    // ---------------------------------------------------------------- token endpoint

    private SandboxResponse token(IncomingRequest request) {
        if (!request.hasContentType(FORM)) {
            return EverifinErrors.oauth(400, "invalid_request", "Content-Type must be " + FORM);
        }
        Map<String, List<String>> form;
        String grantType;
        String formClientId;
        String formSecret;
        try {
            form = FormCodec.decode(request.bodyText());
            grantType = FormCodec.single(form, "grant_type");
            formClientId = FormCodec.single(form, "client_id");
            formSecret = FormCodec.single(form, "client_secret");
        } catch (IllegalArgumentException e) {
            return EverifinErrors.oauth(400, "invalid_request", "malformed form body: " + e.getMessage());
        }
        String[] basic = basicCredentials(request);
        if (basic != null && basic.length == 0) {
            return EverifinErrors.oauth(401, "invalid_client", "malformed Basic credentials");
        }
        String clientId = basic != null ? basic[0] : formClientId;
        String secret = basic != null ? basic[1] : formSecret;
        if (basic != null && formClientId != null && !formClientId.equals(basic[0])) {
            return EverifinErrors.oauth(400, "invalid_request", "client_id in the form differs from the Basic credentials");
        }
        if (clientId == null || secret == null) {
            return EverifinErrors.oauth(401, "invalid_client", "client_id and client_secret are required");
        }
        boolean idOk = constantTimeEquals(clientId, settings.clientId());
        boolean secretOk = constantTimeEquals(secret, settings.clientSecret());
        if (!idOk || !secretOk) {
            return EverifinErrors.oauth(401, "invalid_client", "Invalid client or Invalid client credentials");
        }
        if (grantType == null) {
            return EverifinErrors.oauth(400, "invalid_request", "Missing form parameter: grant_type");
        }
        try {
            return switch (grantType) {
                case "authorization_code" -> authorizationCode(form, clientId);
                case "refresh_token" -> refreshToken(form, clientId);
                case "client_credentials" -> answer(tokens.issue(clientId, scopeOrPis(FormCodec.single(form, "scope")), false));
                default -> EverifinErrors.oauth(400, "unsupported_grant_type", "Unsupported grant_type " + grantType);
            };
        } catch (IllegalArgumentException e) {
            return EverifinErrors.oauth(400, "invalid_request", "malformed form body: " + e.getMessage());
        }
    }

    private SandboxResponse authorizationCode(Map<String, List<String>> form, String clientId) {
        String code = FormCodec.single(form, "code");
        String redirectUri = FormCodec.single(form, "redirect_uri");
        if (code == null) {
            return EverifinErrors.oauth(400, "invalid_request", "Missing parameter: code");
        }
        EverifinTokens.Code issued = tokens.redeemCode(code);
        if (issued == null || !issued.clientId().equals(clientId)) {
            return EverifinErrors.oauth(400, "invalid_grant", "Code not valid");
        }
        if (!issued.redirectUri().equals(redirectUri)) {
            return EverifinErrors.oauth(400, "invalid_grant", "Incorrect redirect_uri");
        }
        return answer(tokens.issue(clientId, issued.scope(), true));
    }

    private SandboxResponse refreshToken(Map<String, List<String>> form, String clientId) {
        String refreshToken = FormCodec.single(form, "refresh_token");
        if (refreshToken == null) {
            return EverifinErrors.oauth(400, "invalid_request", "Missing parameter: refresh_token");
        }
        EverifinTokens.Refresh refresh = tokens.refresh(refreshToken);
        if (refresh == null || !refresh.clientId().equals(clientId)) {
            return EverifinErrors.oauth(400, "invalid_grant", "Invalid refresh token");
        }
        return answer(tokens.issue(clientId, refresh.scope(), true));
    }

    private static SandboxResponse answer(EverifinTokens.Issued issued) {
        ObjectNode body = SandboxJson.MAPPER.createObjectNode();
        body.put("access_token", issued.accessToken());
        body.put("expires_in", issued.expiresIn());
        body.put("refresh_expires_in", issued.refreshExpiresIn());
        if (issued.refreshToken() != null) {
            body.put("refresh_token", issued.refreshToken());
        }
        body.put("token_type", "Bearer");
        body.put("scope", issued.scope());
        // RFC 6749 5.1: token answers must not be cached.
        return new SandboxResponse(200, SandboxResponse.JSON, SandboxJson.bytes(body),
                Map.of("Cache-Control", "no-store", "Pragma", "no-cache"), null);
    }

    private static String scopeOrPis(String scope) {
        return scope == null || scope.isBlank() ? "pis" : scope.trim();
    }

    /** null = no Basic header; empty array = malformed; else {id, secret} (form-decoded, as RFC 6749 2.3.1 says). */
    private static String[] basicCredentials(IncomingRequest request) {
        String authorization = request.header("authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return new String[0];
            }
            return new String[] {
                java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
        } catch (IllegalArgumentException e) {
            return new String[0];
        }
    }

    static boolean isAbsoluteHttpUrl(String url) {
        if (url == null) {
            return false;
        }
        try {
            URI uri = new URI(url);
            return uri.getHost() != null && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Compares without leaking, by timing, how much of a secret matched. */
    static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- pages

    private static SandboxResponse errorPage(int status, String message) {
        return SandboxResponse.htmlRefusal(status, BankPage.page("Everifin SANDBOX: sign-in error",
                "<h1>We are sorry...</h1><p>" + HtmlPage.escape(message) + "</p>"), message);
    }

    private static String consentPage(String action, String clientId, String redirectUri, String scope, String state) {
        String hidden = hidden("client_id", clientId) + hidden("redirect_uri", redirectUri) + hidden("response_type", "code")
                + hidden("scope", scope) + (state == null ? "" : hidden("state", state));
        return BankPage.page("Everifin SANDBOX: connect your bank account", """
                <h1>Everifin SANDBOX: connect your bank account</h1>
                <p>The application <b>%s</b> asks to initiate payments from your bank accounts (scope <b>%s</b>).</p>
                <form method="post" action="%s">%s
                <button class="ok" name="decision" value="allow">Allow</button>
                <button class="no" name="decision" value="deny">Deny</button></form>
                """.formatted(HtmlPage.escape(clientId), HtmlPage.escape(scope), HtmlPage.escape(action), hidden));
    }

    private static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + HtmlPage.escape(value) + "\">";
    }
}
