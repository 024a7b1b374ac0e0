package org.paymentroutes.tools;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A pain.002 from the status-reports queue in a few lines, as the demo prints it: the group status
 * (a file report), each PmtInf's status, and each transaction's status, reason and OrgnlEndToEndId.
 * Reads the bundle's own reports, still without DTDs or external entities.
 */
final class StatusReportLines {

    private static final XMLInputFactory FACTORY = XMLInputFactory.newFactory();

    static {
        FACTORY.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        FACTORY.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    }

    private StatusReportLines() {
    }

    static List<String> describe(String xml) {
        List<String> lines = new ArrayList<>();
        try {
            XMLStreamReader r = FACTORY.createXMLStreamReader(new StringReader(xml));
            String msgId = null;
            String grpSts = null;
            String pmtInf = null;
            StringBuilder tx = null;
            while (r.hasNext()) {
                if (r.next() != XMLStreamConstants.START_ELEMENT) {
                    if (r.isEndElement() && r.getLocalName().equals("TxInfAndSts") && tx != null) {
                        lines.add("        " + tx);
                        tx = null;
                    } else if (r.isEndElement() && r.getLocalName().equals("OrgnlGrpInfAndSts")) {
                        lines.add(0, "    pain.002 on " + msgId + (grpSts != null ? "  GrpSts=" + grpSts : ""));
                    }
                    continue;
                }
                switch (r.getLocalName()) {
                    case "OrgnlMsgId" -> msgId = r.getElementText();
                    case "GrpSts" -> grpSts = r.getElementText();
                    case "OrgnlPmtInfId" -> pmtInf = r.getElementText();
                    case "PmtInfSts" -> lines.add("        PmtInf " + pmtInf + "  PmtInfSts=" + r.getElementText());
                    case "TxInfAndSts" -> tx = new StringBuilder("PmtInf ").append(pmtInf);
                    case "OrgnlEndToEndId" -> append(tx, "OrgnlEndToEndId", r.getElementText());
                    case "TxSts" -> append(tx, "TxSts", r.getElementText());
                    case "Cd" -> append(tx, "reason", r.getElementText());
                    case "AddtlInf" -> append(tx, "text", r.getElementText());
                    default -> {
                    }
                }
            }
        } catch (XMLStreamException e) {
            lines.add("    (not a readable pain.002: " + e.getMessage() + ")");
        }
        return lines;
    }

    private static void append(StringBuilder tx, String name, String value) {
        if (tx != null) {
            tx.append("  ").append(name).append('=').append(value);
        }
    }
}
