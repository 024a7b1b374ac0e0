package org.paymentroutes.sandbox.fintecture;

import org.paymentroutes.sandbox.common.AccessTokens;

import org.paymentroutes.sandbox.common.IncomingRequest;
import org.paymentroutes.sandbox.common.SandboxResponse;
import org.paymentroutes.sandbox.common.SandboxJson;

import org.paymentroutes.http.FormCodec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code POST /oauth/accesstoken}: the client-credentials token request. Basic credentials, the
 * form's app_id and the PIS scope must all match; the request itself is not signed.
 */
final class TokenEndpoint {

    private final SandboxSettings settings;
    private final AccessTokens tokens;

    TokenEndpoint(SandboxSettings settings, AccessTokens tokens) {
        this.settings = settings;
        this.tokens = tokens;
    }

    SandboxResponse handle(IncomingRequest request) {
        if (!"POST".equals(request.method())) {
            return FintectureErrors.methodNotAllowed(request.method());
        }
        String credentialsProblem = checkBasic(request.header("authorization"));
        if (credentialsProblem != null) {
            return FintectureErrors.unauthorized("invalid_client", credentialsProblem);
        }
        String contentType = request.header("content-type");
        if (contentType == null
                || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return FintectureErrors.badRequest("invalid_request",
                    "Content-Type must be application/x-www-form-urlencoded, was " + contentType);
        }
        Map<String, List<String>> form;
        String grantType;
        String appId;
        String scope;
        try {
            form = FormCodec.decode(new String(request.body(), StandardCharsets.UTF_8));
            grantType = FormCodec.single(form, "grant_type");
            appId = FormCodec.single(form, "app_id");
            scope = FormCodec.single(form, "scope");
        } catch (IllegalArgumentException e) {
            return FintectureErrors.badRequest("invalid_request", "malformed form body: " + e.getMessage());
        }
        if (!"client_credentials".equals(grantType)) {
            return FintectureErrors.badRequest("unsupported_grant_type",
                    "grant_type must be client_credentials, was " + grantType);
        }
        if (appId == null) {
            return FintectureErrors.badRequest("invalid_request", "app_id is missing from the form body");
        }
        if (!constantTimeEquals(appId, settings.appId())) {
            return FintectureErrors.unauthorized("invalid_client", "app_id does not match the Basic credentials");
        }
        if (!"PIS".equals(scope)) {
            return FintectureErrors.badRequest("invalid_scope", "scope must be PIS, was " + scope);
        }
        ObjectNode answer = SandboxJson.MAPPER.createObjectNode();
        answer.put("token_type", "Bearer");
        answer.put("access_token", tokens.issue());
        answer.put("expires_in", tokens.lifetime().toSeconds());
        // RFC 6749 5.1: token answers must not be cached by intermediaries.
        return new SandboxResponse(200, SandboxResponse.JSON, SandboxJson.bytes(answer),
                Map.of("Cache-Control", "no-store", "Pragma", "no-cache"), null);
    }

    /** Null when the Basic credentials are this app's; otherwise what is wrong (never echoing the secret). */
    private String checkBasic(String authorization) {
        if (authorization == null) {
            return "missing Authorization: Basic header";
        }
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return "Authorization must use the Basic scheme";
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "Basic credentials are not valid base64";
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return "Basic credentials are not app_id:app_secret";
        }
        boolean idMatches = constantTimeEquals(decoded.substring(0, colon), settings.appId());
        boolean secretMatches = constantTimeEquals(decoded.substring(colon + 1), settings.appSecret());
        return idMatches && secretMatches ? null : "invalid app_id or app_secret";
    }

    /** Compares without leaking, by timing, how much of the secret matched. */
    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
