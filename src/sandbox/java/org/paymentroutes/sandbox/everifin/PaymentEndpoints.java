package org.paymentroutes.sandbox.everifin;

import org.paymentroutes.sandbox.common.IncomingRequest;
import org.paymentroutes.sandbox.common.SandboxResponse;
import org.paymentroutes.sandbox.common.SandboxJson;

import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The BankConnect API under /v1: {@code POST /v1/payments/single} (create),
 * {@code GET /v1/payments/single/{id}} (status) and {@code PATCH /v1/payments/single/{id}}
 * (process). Every call needs a valid bearer token from the identity server; nothing is parsed
 * before that.
 */
final class PaymentEndpoints {

    static final String PREFIX = "/v1/";
    private static final String SINGLE = "/v1/payments/single";

    private final EverifinTokens tokens;
    private final PaymentStore payments;
    private final ProcessEngine engine;

    PaymentEndpoints(EverifinTokens tokens, PaymentStore payments, ProcessEngine engine) {
        this.tokens = tokens;
        this.payments = payments;
        this.engine = engine;
    }

    SandboxResponse handle(IncomingRequest request) {
        SandboxResponse refused = authenticate(request);
        if (refused != null) {
            return refused;
        }
        String path = request.rawPath();
        if (SINGLE.equals(path)) {
            return "POST".equals(request.method()) ? create(request) : EverifinErrors.methodNotAllowed(request.method());
        }
        if (path.startsWith(SINGLE + "/") && path.indexOf('/', SINGLE.length() + 1) < 0) {
            String idText = path.substring(SINGLE.length() + 1);
            Optional<PaymentState> payment = idText.matches("[0-9]{1,18}") ? payments.get(Long.parseLong(idText)) : Optional.empty();
            return switch (request.method()) {
                case "GET" -> payment.map(p -> {
                    engine.settle(p);
                    return SandboxResponse.json(200, SandboxJson.bytes(toJson(p)));
                })
                        .orElseGet(() -> unknown(idText));
                case "PATCH" -> payment.map(p -> process(request, p)).orElseGet(() -> unknown(idText));
                default -> EverifinErrors.methodNotAllowed(request.method());
            };
        }
        return EverifinErrors.notFound("no such endpoint in the sandbox: " + path);
    }

    private SandboxResponse create(IncomingRequest request) {
        if (!request.hasContentType("application/json")) {
            return EverifinErrors.unsupportedMediaType("Content-Type must be application/json");
        }
        JsonNode body;
        try {
            body = SandboxJson.MAPPER.readTree(request.body());
        } catch (JsonProcessingException e) {
            return EverifinErrors.badRequest(EverifinErrors.MALFORMED_JSON, "body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            return EverifinErrors.badRequest(EverifinErrors.MALFORMED_JSON, "body is not valid JSON");
        }
        if (body == null || !body.isObject()) {
            return EverifinErrors.badRequest(EverifinErrors.MALFORMED_JSON, "body must be a JSON object");
        }
        PaymentRequestValidator.Result result = PaymentRequestValidator.validate(body);
        if (!result.valid()) {
            return EverifinErrors.validation(result.problems());
        }
        PaymentState payment = payments.create(result.order());
        return SandboxResponse.json(201, SandboxJson.bytes(toJson(payment)))
                .withHeader("Location", SINGLE + "/" + payment.id());
    }

    private SandboxResponse process(IncomingRequest request, PaymentState payment) {
        SandboxResponse refused = ProcessHeaders.check(request);
        if (refused != null) {
            return refused;
        }
        JsonNode body = SandboxJson.MAPPER.createObjectNode();
        if (!request.bodyText().isBlank()) {
            if (!request.hasContentType("application/json")) {
                return EverifinErrors.unsupportedMediaType("Content-Type must be application/json");
            }
            try {
                body = SandboxJson.MAPPER.readTree(request.body());
            } catch (JsonProcessingException e) {
                return EverifinErrors.badRequest(EverifinErrors.MALFORMED_JSON, "body is not valid JSON: " + e.getOriginalMessage());
            } catch (java.io.IOException e) {
                return EverifinErrors.badRequest(EverifinErrors.MALFORMED_JSON, "body is not valid JSON");
            }
            if (body == null || !body.isObject()) {
                return EverifinErrors.badRequest(EverifinErrors.MALFORMED_JSON,
                        "body must be a JSON object of input names and values (or empty)");
            }
        }
        return engine.process(payment, body, ProcessHeaders.encrypted(request));
    }

    /** Null when the caller holds a valid bearer token; else the 401 to answer. */
    private SandboxResponse authenticate(IncomingRequest request) {
        String authorization = request.headerCount("authorization") == 1 ? request.header("authorization") : null;
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return EverifinErrors.unauthorized("missing bearer token");
        }
        return switch (tokens.state(authorization.substring(7).trim())) {
            case UNKNOWN -> EverifinErrors.unauthorized("unknown access token");
            case EXPIRED -> EverifinErrors.unauthorized("access token expired");
            case VALID -> null;
        };
    }

    private static SandboxResponse unknown(String id) {
        return EverifinErrors.notFound("no payment " + id);
    }

    /** The payment as create and GET answer it: id, status, reasonCode when FAILED, then the order's fields. */
    static ObjectNode toJson(PaymentState payment) {
        EverifinPayment p = payment.snapshot();
        PaymentOrder order = payment.order();
        ObjectNode json = SandboxJson.MAPPER.createObjectNode();
        json.put("id", p.id());
        json.put("status", p.status());
        if (p.reasonCode() != null) {
            json.put("reasonCode", p.reasonCode());
        }
        json.put("amount", order.amount());
        json.put("currency", order.currency());
        json.put("recipientIban", order.recipientIban());
        putIfPresent(json, "recipientName", order.recipientName());
        putIfPresent(json, "recipientBankBic", order.recipientBankBic());
        putIfPresent(json, "senderIban", p.senderIban());
        putIfPresent(json, "paymentDate", order.paymentDate());
        putIfPresent(json, "variableSymbol", order.variableSymbol());
        putIfPresent(json, "constantSymbol", order.constantSymbol());
        putIfPresent(json, "specificSymbol", order.specificSymbol());
        putIfPresent(json, "reference", order.reference());
        json.put("redirectUrl", order.redirectUrl());
        putIfPresent(json, "paymentMessage", order.paymentMessage());
        json.put("createdAt", p.createdAt().toString());
        return json;
    }

    private static void putIfPresent(ObjectNode json, String name, String value) {
        if (value != null) {
            json.put(name, value);
        }
    }
}
