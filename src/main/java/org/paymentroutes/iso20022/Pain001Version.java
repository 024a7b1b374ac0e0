package org.paymentroutes.iso20022;

import java.util.Optional;

/** The pain.001 generations we read, each answered by its pain.002 generation. */
public enum Pain001Version {
    V03("pain.001.001.03", "pain.002.001.03"),
    V09("pain.001.001.09", "pain.002.001.10");

    static final String NAMESPACE_PREFIX = "urn:iso:std:iso:20022:tech:xsd:";

    private final String messageId;
    private final String reportMessageId;

    Pain001Version(String messageId, String reportMessageId) {
        this.messageId = messageId;
        this.reportMessageId = reportMessageId;
    }

    /** e.g. "pain.001.001.03": the OrgnlMsgNmId of the reports. */
    public String messageId() {
        return messageId;
    }

    public String namespace() {
        return NAMESPACE_PREFIX + messageId;
    }

    public String reportMessageId() {
        return reportMessageId;
    }

    public String reportNamespace() {
        return NAMESPACE_PREFIX + reportMessageId;
    }

    public static Optional<Pain001Version> byNamespace(String namespace) {
        for (Pain001Version v : values()) {
            if (v.namespace().equals(namespace)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    public static Optional<Pain001Version> byMessageId(String messageId) {
        for (Pain001Version v : values()) {
            if (v.messageId.equals(messageId)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
