package org.paymentroutes.sandbox.everifin;

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

    EverifinResponse handle(IncomingRequest request) {
        EverifinResponse refused = authenticate(request);
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
                case "GET" -> payment.map(p -> EverifinResponse.json(200, EverifinJson.bytes(toJson(p))))
                        .orElseGet(() -> unknown(idText));
                case "PATCH" -> payment.map(p -> process(request, p)).orElseGet(() -> unknown(idText));
                default -> EverifinErrors.methodNotAllowed(request.method());
            };
        }
        return EverifinErrors.notFound("no such endpoint in the sandbox: " + path);
    }

    private EverifinResponse create(IncomingRequest request) {
        if (!request.hasContentType("application/json")) {
            return EverifinErrors.unsupportedMediaType("Content-Type must be application/json");
        }
        JsonNode body;
        try {
            body = EverifinJson.MAPPER.readTree(request.body());
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
        return EverifinResponse.json(201, EverifinJson.bytes(toJson(payment)))
                .withHeader("Location", SINGLE + "/" + payment.id());
    }

    private EverifinResponse process(IncomingRequest request, PaymentState payment) {
        EverifinResponse refused = ProcessHeaders.check(request);
        if (refused != null) {
            return refused;
        }
        JsonNode body = EverifinJson.MAPPER.createObjectNode();
        if (!request.bodyText().isBlank()) {
            if (!request.hasContentType("application/json")) {
                return EverifinErrors.unsupportedMediaType("Content-Type must be application/json");
            }
            try {
                body = EverifinJson.MAPPER.readTree(request.body());
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
    private EverifinResponse authenticate(IncomingRequest request) {
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

    private static EverifinResponse unknown(String id) {
        return EverifinErrors.notFound("no payment " + id);
    }

    /** The payment as create and GET answer it: id, status, reasonCode when FAILED, then the order's fields. */
    static ObjectNode toJson(PaymentState payment) {
        EverifinPayment p = payment.snapshot();
        PaymentOrder order = payment.order();
        ObjectNode json = EverifinJson.MAPPER.createObjectNode();
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
