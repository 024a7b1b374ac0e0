package org.paymentroutes.sandbox.fintecture;

import org.paymentroutes.sandbox.common.SandboxResponse;
import org.paymentroutes.sandbox.common.RandomIds;
import org.paymentroutes.sandbox.common.SandboxJson;
import org.paymentroutes.sandbox.common.SandboxServer;
import org.paymentroutes.sandbox.common.StatusNames;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Fintecture's error shape, used for every error the sandbox answers:
 * {@code {"status":"401","code":"unauthorized","log_id":"...","errors":[{"code":"invalid_token","title":"Unauthorized","detail":"..."}]}}.
 * The log_id is random per error, as the provider's support would ask for it.
 */
final class FintectureErrors {

    /** One entry of {@code errors[]}. */
    record Item(String code, String detail) {
    }

    private FintectureErrors() {
    }

    /** The HTTP shell's own answers (body too large, no path, sandbox failure) in Fintecture's shape. */
    static final SandboxServer.Errors SHELL = new SandboxServer.Errors(
            max -> error(413, List.of(new Item("payload_too_large", "body larger than " + max + " bytes")), "body too large"),
            () -> badRequest("invalid_request", "request target has no path"),
            message -> error(500, List.of(new Item("internal_server_error", message)), "sandbox error"));

    static SandboxResponse unauthorized(String errorCode, String detail) {
        return error(401, List.of(new Item(errorCode, detail)), detail);
    }

    static SandboxResponse badRequest(List<Item> items) {
        return error(400, items, items.isEmpty() ? "bad request" : items.get(0).detail());
    }

    static SandboxResponse badRequest(String errorCode, String detail) {
        return badRequest(List.of(new Item(errorCode, detail)));
    }

    static SandboxResponse notFound(String errorCode, String detail) {
        return error(404, List.of(new Item(errorCode, detail)), detail);
    }

    static SandboxResponse methodNotAllowed(String method) {
        String detail = "method " + method + " not allowed here";
        return error(405, List.of(new Item("method_not_allowed", detail)), detail);
    }

    /** The answer of an injected fault (failNext): the error shape for that status, with Retry-After on 429. */
    static SandboxResponse injected(int status) {
        String detail = "sandbox: injected failure " + status;
        SandboxResponse base = error(status, List.of(new Item(codeFor(status), detail)), detail);
        if (status == 429 || status == 503) {
            return new SandboxResponse(base.status(), base.contentType(), base.body(), Map.of("Retry-After", "1"), detail);
        }
        return base;
    }

    static SandboxResponse error(int status, List<Item> items, String reason) {
        ObjectNode root = SandboxJson.MAPPER.createObjectNode();
        root.put("status", Integer.toString(status));
        root.put("code", codeFor(status));
        root.put("log_id", RandomIds.hex32());
        ArrayNode errors = root.putArray("errors");
        String title = titleFor(status);
        for (Item item : items) {
            ObjectNode error = errors.addObject();
            error.put("code", item.code());
            error.put("title", title);
            error.put("detail", item.detail());
        }
        return new SandboxResponse(status, SandboxResponse.JSON, SandboxJson.bytes(root), Map.of(), reason);
    }

    /** Top-level {@code code} for a status, as Fintecture names them. */
    static String codeFor(int status) {
        return StatusNames.snakeCase(status);
    }

    private static String titleFor(int status) {
        String title = StatusNames.title(status);
        return title == null ? "Error" : title;
    }
}
