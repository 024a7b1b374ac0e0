package org.paymentroutes.sandbox.fintecture;

import org.paymentroutes.sandbox.common.AccessTokens;

import org.paymentroutes.sandbox.common.IncomingRequest;
import org.paymentroutes.sandbox.common.SandboxResponse;
import org.paymentroutes.sandbox.common.SandboxJson;

import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The PIS API: {@code POST /pis/v2/connect} (create a payment session) and
 * {@code GET /pis/v2/payments/{session_id}} (read it). Both need a valid bearer token and, when
 * signatures are required or sent, a valid HTTP signature; nothing is parsed before that.
 */
final class PisEndpoints {

    static final String PREFIX = "/pis/v2/";
    private static final String CONNECT = "/pis/v2/connect";
    private static final String PAYMENTS = "/pis/v2/payments/";

    private final SandboxSettings settings;
    private final AccessTokens tokens;
    private final SandboxSignatureVerifier verifier;
    private final SandboxPayments payments;
    private final Supplier<String> baseUrl;

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
        if (path.startsWith(PAYMENTS) && path.length() > PAYMENTS.length() && path.indexOf('/', PAYMENTS.length()) < 0) {
            return "GET".equals(request.method())
                    ? payment(request, path.substring(PAYMENTS.length()))
                    : FintectureErrors.methodNotAllowed(request.method());
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
        ObjectNode data = root.putObject("data");
        data.put("id", p.sessionId());
        data.put("type", "payments");
        ObjectNode attributes = data.putObject("attributes");
        attributes.put("amount", p.amount());
        attributes.put("currency", p.currency());
        attributes.put("communication", p.communication());
        attributes.put("end_to_end_id", p.sessionId());
        attributes.put("execution_date", p.executionDate() == null ? null : p.executionDate().toString());
        attributes.put("payment_scheme", "SEPA");
        attributes.put("transfer_state", p.transferState());
        return root;
    }
}
