package org.paymentroutes.sandbox.fintecture;

import org.paymentroutes.sandbox.common.AccessTokens;

import org.paymentroutes.sandbox.common.IncomingRequest;
import org.paymentroutes.sandbox.common.SandboxResponse;
import org.paymentroutes.sandbox.common.SandboxJson;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.paymentroutes.http.FormCodec;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The PIS API: {@code POST /pis/v2/connect} (create a payment session),
 * {@code GET /pis/v2/payments/{session_id}} (read it), {@code GET /pis/v2/payments} (list them) and
 * {@code PATCH /pis/v2/payments/{session_id}} (cancel one). All need a valid bearer token and, when
 * signatures are required or sent, a valid HTTP signature; nothing is parsed before that.
 */
final class PisEndpoints {

    static final String PREFIX = "/pis/v2/";
    static final String CONNECT = "/pis/v2/connect";
    private static final String PAYMENTS = "/pis/v2/payments/";
    private static final String LISTING = "/pis/v2/payments";

    private final SandboxSettings settings;
    private final AccessTokens tokens;
    private final SandboxSignatureVerifier verifier;
    private final SandboxPayments payments;
    private final Supplier<String> baseUrl;
    /** Items per page of the listing; more give a {@code links.next}. */
    private volatile int pageSize = 500;

    PisEndpoints(SandboxSettings settings, AccessTokens tokens, SandboxSignatureVerifier verifier,
                 SandboxPayments payments, Supplier<String> baseUrl) {
        this.settings = settings;
        this.tokens = tokens;
        this.verifier = verifier;
        this.payments = payments;
        this.baseUrl = baseUrl;
    }

    SandboxResponse handle(IncomingRequest request) {
        String path = request.rawPath();
        if (CONNECT.equals(path)) {
            return "POST".equals(request.method()) ? connect(request) : FintectureErrors.methodNotAllowed(request.method());
        }
        if (LISTING.equals(path)) {
            return "GET".equals(request.method()) ? listing(request) : FintectureErrors.methodNotAllowed(request.method());
        }
        if (path.startsWith(PAYMENTS) && path.length() > PAYMENTS.length() && path.indexOf('/', PAYMENTS.length()) < 0) {
            String sessionId = path.substring(PAYMENTS.length());
            return switch (request.method()) {
                case "GET" -> payment(request, sessionId);
                case "PATCH" -> cancel(request, sessionId);
                default -> FintectureErrors.methodNotAllowed(request.method());
            };
        }
        return FintectureErrors.notFound("not_found", "no such endpoint in the sandbox: " + path);
    }

    private SandboxResponse connect(IncomingRequest request) {
        SandboxResponse refused = authenticate(request);
        if (refused != null) {
            return refused;
        }
        ConnectRequestValidator.Result input = ConnectRequestValidator.validate(request);
        if (!input.valid()) {
            return FintectureErrors.badRequest(input.problems());
        }
        SandboxPayment payment = payments.create(input.amount(), input.currency(), input.communication(),
                input.psuName(), input.redirectUri(), input.state());
        ObjectNode answer = SandboxJson.MAPPER.createObjectNode();
        ObjectNode meta = answer.putObject("meta");
        meta.put("session_id", payment.sessionId());
        meta.put("url", baseUrl.get() + ConnectPage.PREFIX + payment.sessionId());
        return SandboxResponse.json(200, SandboxJson.bytes(answer));
    }

    private SandboxResponse payment(IncomingRequest request, String sessionId) {
        SandboxResponse refused = authenticate(request);
        if (refused != null) {
            return refused;
        }
        return payments.get(sessionId)
                .map(p -> SandboxResponse.json(200, SandboxJson.bytes(toJson(p))))
                .orElseGet(() -> FintectureErrors.notFound("session_id_invalid_or_expired",
                        "no payment session " + sessionId));
    }

    void pageSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("page size " + size);
        }
        this.pageSize = size;
    }

    /**
     * {@code GET /pis/v2/payments} with the filters the bundle relies on: {@code filter[date][from]},
     * {@code filter[date][to]} (UTC days, {@code YYYY-MM-DD}) and {@code filter[status]}, oldest
     * first, {@link #pageSize} items a page ({@code page[number]}, from 1): a page with more after it
     * carries {@code links.next}, an absolute URL on the sandbox with the same filters. Every item
     * has {@code id}, {@code attributes} (amount, currency, communication, status, created_at) and
     * no {@code state}, which the bundle must not need.
     */
    private SandboxResponse listing(IncomingRequest request) {
        SandboxResponse refused = authenticate(request);
        if (refused != null) {
            return refused;
        }
        Map<String, List<String>> query;
        LocalDate from;
        LocalDate to;
        String status;
        int page;
        try {
            query = request.rawQuery() == null ? Map.of() : FormCodec.decode(request.rawQuery());
            from = day(FormCodec.single(query, "filter[date][from]"));
            to = day(FormCodec.single(query, "filter[date][to]"));
            status = FormCodec.single(query, "filter[status]");
            String number = FormCodec.single(query, "page[number]");
            page = number == null ? 1 : Integer.parseInt(number);
            if (page < 1) {
                throw new IllegalArgumentException("page[number] " + number);
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return FintectureErrors.badRequest("invalid_parameter", "filter: " + e.getMessage());
        }
        ObjectNode answer = SandboxJson.MAPPER.createObjectNode();
        ArrayNode data = answer.putArray("data");
        List<SandboxPayment> all = payments.list(from, to, status);
        int size = pageSize;
        int first = (int) Math.min(all.size(), (long) (page - 1) * size);
        int last = Math.min(all.size(), first + size);
        for (SandboxPayment p : all.subList(first, last)) {
            ObjectNode attributes = putResource(data.addObject(), p);
            attributes.put("status", p.status());
            attributes.put("transfer_state", p.transferState());
            attributes.put("created_at", p.createdAt().toString());
        }
        answer.putObject("meta").put("count", data.size()).put("total", all.size());
        if (last < all.size()) {
            String others = request.rawQuery() == null ? "" : java.util.Arrays.stream(request.rawQuery().split("&"))
                    .filter(pair -> !pair.startsWith("page%5Bnumber%5D=") && !pair.startsWith("page[number]=") && !pair.isEmpty())
                    .map(pair -> pair + "&").collect(java.util.stream.Collectors.joining());
            answer.putObject("links").put("next", baseUrl.get() + LISTING + "?" + others + "page%5Bnumber%5D=" + (page + 1));
        }
        return SandboxResponse.json(200, SandboxJson.bytes(answer));
    }

    /** {@code PATCH /pis/v2/payments/{id}} with {@code {"meta":{"status":"payment_cancelled"}}}: the only change the sandbox takes. */
    private SandboxResponse cancel(IncomingRequest request, String sessionId) {
        SandboxResponse refused = authenticate(request);
        if (refused != null) {
            return refused;
        }
        JsonNode body;
        try {
            body = SandboxJson.MAPPER.readTree(request.body());
        } catch (java.io.IOException e) {
            return FintectureErrors.badRequest("invalid_request", "body is not JSON");
        }
        if (body == null || !SandboxPayment.PAYMENT_CANCELLED.equals(body.path("meta").path("status").asText(null))) {
            return FintectureErrors.badRequest("invalid_parameter", "meta.status: the sandbox only takes payment_cancelled");
        }
        Optional<SandboxPayment> before = payments.get(sessionId);
        if (before.isEmpty()) {
            return FintectureErrors.notFound("session_id_invalid_or_expired", "no payment session " + sessionId);
        }
        SandboxPayment after = payments.cancel(sessionId).orElseThrow();
        if (!SandboxPayment.PAYMENT_CANCELLED.equals(after.status())) {
            return FintectureErrors.badRequest("invalid_status", "payment session " + sessionId + " is " + after.status()
                    + " and can no longer be cancelled");
        }
        return SandboxResponse.json(200, SandboxJson.bytes(toJson(after)));
    }

    private static LocalDate day(String value) {
        return value == null ? null : LocalDate.parse(value);
    }

    /** Null when the caller holds a valid token and (if needed) a valid signature; else the 401 to answer. */
    private SandboxResponse authenticate(IncomingRequest request) {
        String authorization = request.headerCount("authorization") == 1 ? request.header("authorization") : null;
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return FintectureErrors.unauthorized("invalid_token", "missing bearer token");
        }
        switch (tokens.state(authorization.substring(7).trim())) {
            case UNKNOWN:
                return FintectureErrors.unauthorized("invalid_token", "unknown access token");
            case EXPIRED:
                return FintectureErrors.unauthorized("invalid_token", "access token expired");
            default:
                break;
        }
        // Fintecture's sandbox lets signatures be absent, but a signature that is sent is checked.
        if (settings.requireSignatures() || SandboxSignatureVerifier.isSigned(request)) {
            if (verifier == null) {
                return FintectureErrors.unauthorized("invalid_signature",
                        "signature cannot be checked: the sandbox has no merchant public key");
            }
            String failure = verifier.verify(request);
            if (failure != null) {
                return FintectureErrors.unauthorized("invalid_signature", failure);
            }
        }
        return null;
    }

    /** The resource part a listing item and a single payment share: id, type, and the order's attributes (returned, for more). */
    private static ObjectNode putResource(ObjectNode resource, SandboxPayment p) {
        resource.put("id", p.sessionId());
        resource.put("type", "payments");
        ObjectNode attributes = resource.putObject("attributes");
        attributes.put("amount", p.amount());
        attributes.put("currency", p.currency());
        attributes.put("communication", p.communication());
        return attributes;
    }

    /** The payment in the shape of Fintecture's {@code GET /pis/v2/payments/{id}} answer. */
    static ObjectNode toJson(SandboxPayment p) {
        ObjectNode root = SandboxJson.MAPPER.createObjectNode();
        ObjectNode meta = root.putObject("meta");
        meta.put("session_id", p.sessionId());
        meta.put("status", p.status());
        meta.put("code", 200);
        meta.put("provider", p.provider());
        meta.put("is_accepted", p.isAccepted());
        meta.put("has_settlement_completed", p.hasSettlementCompleted());
        meta.put("type", "PayByBank");
        meta.put("initial_type", "PayByBank");
        meta.put("customer_id", p.customerId());
        ObjectNode attributes = putResource(root.putObject("data"), p);
        attributes.put("end_to_end_id", p.sessionId());
        attributes.put("execution_date", p.executionDate() == null ? null : p.executionDate().toString());
        attributes.put("payment_scheme", "SEPA");
        attributes.put("transfer_state", p.transferState());
        return root;
    }
}
