package org.paymentroutes.iso20022;

/**
 * Why a whole pain.001 file is refused (group status RJCT): a named reason for the logs and the
 * tests, and the ISO 20022 status reason code the pain.002 carries.
 */
public enum Refusal {
    EMPTY("FF01", "the message is empty"),
    TOO_LARGE("FF01", "the file is larger than the configured limit"),
    NOT_UTF8("FF01", "the file is not valid UTF-8"),
    WRONG_ENCODING("FF01", "the XML declaration names an encoding other than UTF-8"),
    DTD_REFUSED("FF01", "the file has a document type declaration (DTDs and entities are refused)"),
    NOT_WELL_FORMED("FF01", "the file is not well-formed XML"),
    TOO_DEEP("FF01", "elements are nested deeper than the limit"),
    TOO_MANY_ELEMENTS("FF01", "the file has more elements than the limit"),
    TEXT_TOO_LONG("FF01", "an element's text is longer than the limit"),
    WRONG_NAMESPACE("FF01", "the root is not a pain.001 Document in an ISO 20022 namespace"),
    UNSUPPORTED_VERSION("FF01", "the pain.001 version is not one we read (pain.001.001.03 and .09)"),
    SCHEMA("FF01", "the file does not follow its version's schema"),
    TOO_MANY_TRANSACTIONS("FF01", "the file has more transactions than the configured limit"),
    GROUP_NB_OF_TXS("AM18", "GrpHdr/NbOfTxs is not the number of transactions in the file"),
    GROUP_CTRL_SUM("AM10", "GrpHdr/CtrlSum is not the sum of the transactions' amounts"),
    DUPLICATE_PMT_INF_ID("DU02", "two PmtInf blocks have the same PmtInfId");

    private final String isoCode;
    private final String description;

    Refusal(String isoCode, String description) {
        this.isoCode = isoCode;
        this.description = description;
    }

    public String isoCode() {
        return isoCode;
    }

    public String description() {
        return description;
    }
}
