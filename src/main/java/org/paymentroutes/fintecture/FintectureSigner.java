package org.paymentroutes.fintecture;

import java.net.URI;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.paymentroutes.signing.HttpSigner;

/**
 * Adds Fintecture's signature headers to the HTTP request an exchange is about to send. It signs
 * exactly what camel-http will put on the wire: the method, the base URL's path plus
 * {@code CamelHttpPath}, the raw query from {@code CamelHttpRawQuery} (never re-encoded) and the body
 * bytes as they are.
 */
public final class FintectureSigner implements Processor {

    private final HttpSigner signer;
    private final String basePath;
    private final boolean enabled;

    public FintectureSigner(HttpSigner signer, String baseUrl, boolean enabled) {
        this.signer = signer;
        String path = URI.create(baseUrl).getRawPath();
        this.basePath = path == null || path.equals("/") ? "" : path.replaceAll("/$", "");
        this.enabled = enabled;
    }

    @Override
    public void process(Exchange exchange) {
        if (!enabled) {
            return;
        }
        Message in = exchange.getIn();
        String method = in.getHeader(Exchange.HTTP_METHOD, String.class);
        String target = basePath + in.getHeader(Exchange.HTTP_PATH, String.class);
        String query = in.getHeader(Exchange.HTTP_RAW_QUERY, String.class);
        if (query != null && !query.isEmpty()) {
            target = target + "?" + query;
        }
        byte[] body = in.getBody(byte[].class);
        HttpSigner.SignedHeaders h = signer.sign(method, target, body);
        in.setHeader("Date", h.date());
        in.setHeader("X-Request-ID", h.requestId());
        if (h.digest() != null) {
            in.setHeader("Digest", h.digest());
        }
        in.setHeader("Signature", h.signature());
    }
}
