package org.paymentroutes.sandbox.everifin;

import org.paymentroutes.sandbox.common.SandboxResponse;
import org.paymentroutes.sandbox.common.RandomIds;
import org.paymentroutes.sandbox.common.SandboxJson;
import org.paymentroutes.sandbox.common.SandboxServer;
import org.paymentroutes.sandbox.common.StatusNames;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The error answers of the sandbox.
 *
 * <p>Everifin does not publish the error body of its BankConnect API, so the sandbox picks one
 * documented shape and uses it for every /v1 error:
 * <pre>{@code
 * {"error": {"status": 400, "code": "VALIDATION_ERROR", "message": "amount: must be between 0.01 and 9999999999",
 *            "field": "amount", "details": [{"field": "amount", "message": "must be between 0.01 and 9999999999"}],
 *            "traceId": "5f0c..."}}
 * }</pre>
 * {@code field} and {@code details} are present only for problems tied to request fields. A
 * client should rely on the HTTP status (400 invalid request, 401 token, 404 unknown payment,
 * 409 step mismatch, 415 media type, 429/5xx retry later) and treat the body as diagnostics,
 * which is also all one can safely do with the real API.
 *
 * <p>The identity server answers OAuth 2.0 errors (RFC 6749 5.2) as Keycloak does:
 * {@code {"error": "invalid_grant", "error_description": "Code not valid"}}.
 */
final class EverifinErrors {

    static final String VALIDATION_ERROR = "VALIDATION_ERROR";
    static final String INVALID_HEADER = "INVALID_HEADER";
    static final String INVALID_INPUT = "INVALID_INPUT";
    static final String UNREQUESTED_INPUT = "UNREQUESTED_INPUT";
    static final String INPUT_NOT_ENCRYPTED = "INPUT_NOT_ENCRYPTED";
    static final String STEP_MISMATCH = "STEP_MISMATCH";
    static final String MALFORMED_JSON = "MALFORMED_JSON";

    /** A problem with one request field. */
    record FieldProblem(String field, String message) {
    }

    private EverifinErrors() {
    }

    /** The HTTP shell's own answers (body too large, no path, sandbox failure) in the sandbox's error shape. */
    static final SandboxServer.Errors SHELL = new SandboxServer.Errors(EverifinErrors::tooLarge,
            () -> badRequest("BAD_REQUEST", "request target has no path"), EverifinErrors::internal);

    static SandboxResponse validation(List<FieldProblem> problems) {
        FieldProblem first = problems.get(0);
        String message = first.field() + ": " + first.message()
                + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "");
        return error(400, VALIDATION_ERROR, message, first.field(), problems);
    }

    static SandboxResponse badRequest(String code, String message) {
        return error(400, code, message, null, List.of());
    }

    /** A 400 about one field of the body or one header. */
    static SandboxResponse badField(String code, String field, String message) {
        return error(400, code, field + ": " + message, field, List.of(new FieldProblem(field, message)));
    }

    /** 401 with the RFC 6750 challenge, so that a client knows to fetch a new token. */
    static SandboxResponse unauthorized(String message) {
        return error(401, "UNAUTHORIZED", message, null, List.of())
                .withHeader("WWW-Authenticate", "Bearer realm=\"everifin\", error=\"invalid_token\", error_description=\""
                        + message.replace("\"", "'") + "\"");
    }

    static SandboxResponse notFound(String message) {
        return error(404, "NOT_FOUND", message, null, List.of());
    }

    static SandboxResponse methodNotAllowed(String method) {
        return error(405, "METHOD_NOT_ALLOWED", "method " + method + " not allowed here", null, List.of());
    }

    static SandboxResponse stepMismatch(String message) {
        return error(409, STEP_MISMATCH, message, null, List.of());
    }

    static SandboxResponse unsupportedMediaType(String message) {
        return error(415, "UNSUPPORTED_MEDIA_TYPE", message, null, List.of());
    }

    static SandboxResponse tooLarge(int limit) {
        return error(413, "PAYLOAD_TOO_LARGE", "body larger than " + limit + " bytes", null, List.of());
    }

    static SandboxResponse internal(String message) {
        return error(500, codeFor(500), message, null, List.of());
    }

    /** The answer of an injected fault (failNext), with Retry-After on 429 and 503 as a gateway sends it. */
    static SandboxResponse injected(int status) {
        SandboxResponse response = error(status, codeFor(status), "sandbox: injected failure " + status, null, List.of());
        return status == 429 || status == 503 ? response.withHeader("Retry-After", "1") : response;
    }

    static SandboxResponse error(int status, String code, String message, String field, List<FieldProblem> details) {
        ObjectNode root = SandboxJson.MAPPER.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("status", status);
        error.put("code", code);
        error.put("message", message);
        if (field != null) {
            error.put("field", field);
        }
        if (!details.isEmpty()) {
            ArrayNode list = error.putArray("details");
            for (FieldProblem problem : details) {
                list.addObject().put("field", problem.field()).put("message", problem.message());
            }
        }
        error.put("traceId", RandomIds.hex32());
        return new SandboxResponse(status, SandboxResponse.JSON, SandboxJson.bytes(root), Map.of(), message);
    }

    /** An OAuth 2.0 error of the identity server; never echoes a submitted secret. */
    static SandboxResponse oauth(int status, String error, String description) {
        ObjectNode root = SandboxJson.MAPPER.createObjectNode();
        root.put("error", error);
        root.put("error_description", description);
        SandboxResponse response = new SandboxResponse(status, SandboxResponse.JSON, SandboxJson.bytes(root),
                Map.of("Cache-Control", "no-store", "Pragma", "no-cache"), error + ": " + description);
        return status == 401 ? response.withHeader("WWW-Authenticate", "Basic realm=\"everifin\"") : response;
    }

    /** The sandbox's error code for a status: BAD_REQUEST, TOO_MANY_REQUESTS...; INTERNAL_ERROR for any 500 other than 502-504. */
    static String codeFor(int status) {
        return switch (status) {
            case 405, 413 -> "BAD_REQUEST";
            case 502, 503, 504 -> StatusNames.snakeCase(status).toUpperCase(Locale.ROOT);
            default -> status >= 500 ? "INTERNAL_ERROR" : StatusNames.snakeCase(status).toUpperCase(Locale.ROOT);
        };
    }
}
