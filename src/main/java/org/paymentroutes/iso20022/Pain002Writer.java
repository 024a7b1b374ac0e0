package org.paymentroutes.iso20022;

import java.io.StringWriter;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * pain.002 customer payment status reports, in the generation matching the pain.001 (pain.002.001.03
 * for .03, pain.002.001.10 for .09). Pure functions: identifiers, statuses and time in, XML text out
 * (the tests validate every report against the official XSDs). The JDK's StAX writer escapes every
 * text, so nothing from the file can break the XML.
 */
public final class Pain002Writer {

    /** A file whose header could not be read is answered in the newer generation, naming it NOTPROVIDED. */
    public static final String NOT_PROVIDED = "NOTPROVIDED";

    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

    /** The report's own identification: its MsgId (Max35Text) and creation time. */
    public record Header(String msgId, OffsetDateTime createdAt) {
    }

    private Pain002Writer() {
    }

    /** The report on a whole file: ACTC, PART or RJCT, with each PmtInf's status and every refused transaction. */
    public static String fileReport(Header header, Pain001Intake.Outcome outcome) {
        Pain001 file = outcome.file();
        Pain001Version version = file == null ? Pain001Version.V09 : file.version();
        return write(version, header, w -> {
            start(w, "OrgnlGrpInfAndSts");
            leaf(w, "OrgnlMsgId", file == null ? NOT_PROVIDED : file.msgId());
            leaf(w, "OrgnlMsgNmId", version.messageId());
            if (file != null) {
                leaf(w, "OrgnlNbOfTxs", file.nbOfTxs());
                if (file.ctrlSum() != null) {
                    leaf(w, "OrgnlCtrlSum", file.ctrlSum().toPlainString());
                }
            }
            leaf(w, "GrpSts", outcome.status().name());
            if (outcome.refusal() != null) {
                reason(w, outcome.refusal().refusal().isoCode(), outcome.refusal().detail());
            }
            w.writeEndElement();
            if (file == null || outcome.refusal() != null) {
                return;
            }
            Map<String, List<Pain001Intake.Rejected>> byBlock = new LinkedHashMap<>();
            outcome.rejected().forEach(r -> byBlock.computeIfAbsent(r.ref().pmtInfId(), k -> new ArrayList<>()).add(r));
            for (Pain001.PaymentInfo info : file.paymentInfos()) {
                List<Pain001Intake.Rejected> refused = byBlock.getOrDefault(info.pmtInfId(), List.of());
                start(w, "OrgnlPmtInfAndSts");
                leaf(w, "OrgnlPmtInfId", info.pmtInfId());
                leaf(w, "OrgnlNbOfTxs", Integer.toString(info.transactions().size()));
                leaf(w, "PmtInfSts", refused.isEmpty() ? "ACTC" : refused.size() == info.transactions().size() ? "RJCT" : "PART");
                for (Pain001Intake.Rejected r : refused) {
                    transaction(w, r.ref(), new ReasonCodes.TxStatus("RJCT", r.reasonCode(), ReasonCodes.text(r.detail())));
                }
                w.writeEndElement();
            }
        });
    }

    /** The report on one transaction's new status (ACSP, ACSC, RJCT with its reason). */
    public static String transactionReport(Header header, TransactionRef ref, ReasonCodes.TxStatus status) {
        return write(ref.version(), header, w -> {
            start(w, "OrgnlGrpInfAndSts");
            leaf(w, "OrgnlMsgId", ref.msgId());
            leaf(w, "OrgnlMsgNmId", ref.version().messageId());
            w.writeEndElement();
            start(w, "OrgnlPmtInfAndSts");
            leaf(w, "OrgnlPmtInfId", ref.pmtInfId());
            transaction(w, ref, status);
            w.writeEndElement();
        });
    }

    private interface Body {
        void write(XMLStreamWriter w) throws XMLStreamException;
    }

    private static String write(Pain001Version version, Header header, Body body) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = FACTORY.createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeStartElement("Document");
            w.writeDefaultNamespace(version.reportNamespace());
            start(w, "CstmrPmtStsRpt");
            start(w, "GrpHdr");
            leaf(w, "MsgId", header.msgId());
            leaf(w, "CreDtTm", header.createdAt().truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            w.writeEndElement();
            body.write(w);
            w.writeEndElement();
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("could not write a pain.002", e);
        }
        return out.toString();
    }

    private static void transaction(XMLStreamWriter w, TransactionRef ref, ReasonCodes.TxStatus status) throws XMLStreamException {
        start(w, "TxInfAndSts");
        if (ref.instrId() != null) {
            leaf(w, "OrgnlInstrId", ref.instrId());
        }
        leaf(w, "OrgnlEndToEndId", ref.endToEndId());
        leaf(w, "TxSts", status.status());
        if (status.reasonCode() != null) {
            reason(w, status.reasonCode(), status.additionalInfo());
        }
        w.writeEndElement();
    }

    private static void reason(XMLStreamWriter w, String code, String text) throws XMLStreamException {
        start(w, "StsRsnInf");
        start(w, "Rsn");
        leaf(w, "Cd", code);
        w.writeEndElement();
        if (text != null) {
            leaf(w, "AddtlInf", text);
        }
        w.writeEndElement();
    }

    private static void start(XMLStreamWriter w, String name) throws XMLStreamException {
        w.writeStartElement(name);
    }

    private static void leaf(XMLStreamWriter w, String name, String text) throws XMLStreamException {
        w.writeStartElement(name);
        w.writeCharacters(text);
        w.writeEndElement();
    }
}
