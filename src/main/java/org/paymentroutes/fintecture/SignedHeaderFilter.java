package org.paymentroutes.fintecture;

import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * camel-http's header filter, minus one rule: it drops an outgoing {@code Date} header, but Fintecture
 * signs {@code Date} and refuses a signed request without it. Everything else (Camel's internal
 * headers, hop-by-hop headers) is still filtered.
 */
public final class SignedHeaderFilter extends HttpHeaderFilterStrategy {

    public SignedHeaderFilter() {
        getOutFilter().remove("date");
        getOutFilter().remove("Date");
    }
}
