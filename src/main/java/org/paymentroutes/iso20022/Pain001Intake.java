package org.paymentroutes.iso20022;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.paymentroutes.order.OrderParser;
import org.paymentroutes.order.PaymentOrder;
import org.paymentroutes.order.Problem;

/**
 * A pain.001 file in, payment orders out: secure parsing, the schema-level reading, then a bank's
 * checks. A file that fails the first two is refused whole (RJCT); a PmtInf whose count, sum, date
 * or debtor account is wrong is refused with all its transactions; a transaction that fails its own
 * checks is refused alone; the others go on (PART). Each accepted transaction is built into a
 * {@link PaymentOrder} by {@link OrderParser}, so it is exactly as strict as a JSON order.
 */
public final class Pain001Intake {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DEPTH = 24;
    private static final int MAX_TEXT = 4096;

    private final Iso20022Config config;
    private final OrderParser parser;

    /** {@code parser}: the bundle's order parser (its enabled providers); its device rule is relaxed here. */
    public Pain001Intake(Iso20022Config config, OrderParser parser) {
        this.config = config;
        this.parser = parser.payerDeviceLater();
    }

    /** The group status of a file: ACTC all accepted, PART some, RJCT none. */
    public enum GroupStatus { ACTC, PART, RJCT }

    public record Accepted(TransactionRef ref, PaymentOrder order) {
    }

    /** {@code reasonCode}: an ISO 20022 ExternalStatusReason1Code; {@code detail}: the field and why, no value. */
    public record Rejected(TransactionRef ref, String reasonCode, String detail) {
    }

    /**
     * The answer to one file. {@code file} is null when the file was refused before its header could
     * be read; {@code refusal} is set when the whole file is refused.
     */
    public record Outcome(Pain001 file, FileRefusedException refusal, List<Accepted> accepted, List<Rejected> rejected) {
        public GroupStatus status() {
            return refusal != null || accepted.isEmpty() ? GroupStatus.RJCT : rejected.isEmpty() ? GroupStatus.ACTC : GroupStatus.PART;
        }
    }

    /** Whether a message is XML rather than a JSON order: its first non-blank character (after a BOM) is '<'. */
    public static boolean looksLikeXml(byte[] body) {
        if (body == null) {
            return false;
        }
        int i = body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF ? 3 : 0;
        while (i < body.length && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t')) {
            i++;
        }
        return i < body.length && body[i] == '<';
    }

    public Outcome read(byte[] body, LocalDate today) {
        Pain001 file;
        try {
            XmlNode root = SecureXml.read(body, new SecureXml.Limits(config.maxBytes(), MAX_DEPTH,
                    Math.max(1000, config.maxTransactions() * 60), MAX_TEXT));
            file = Pain001Reader.read(root, config.maxTransactions());
        } catch (FileRefusedException e) {
            return new Outcome(null, e, List.of(), List.of());
        }
        try {
            groupChecks(file);
        } catch (FileRefusedException e) {
            return new Outcome(file, e, List.of(), List.of());
        }
        List<Accepted> accepted = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        Set<String> duplicated = duplicatedEndToEndIds(file);
        for (Pain001.PaymentInfo info : file.paymentInfos()) {
            String blockReason = blockReason(info, today);
            for (Pain001.Transaction t : info.transactions()) {
                TransactionRef ref = new TransactionRef(file.version(), file.msgId(), info.pmtInfId(), t.instrId(), t.endToEndId());
                boolean duplicate = duplicated.contains(t.endToEndId());
                if (blockReason != null) {
                    rejected.add(new Rejected(ref, blockReason.substring(0, 4), blockReason.substring(5)));
                } else if (duplicate) {
                    rejected.add(new Rejected(ref, "AM05", "EndToEndId is used by another transaction of this file"));
                } else {
                    OrderParser.Result r = parser.parse(orderJson(file, info, t));
                    if (r.valid()) {
                        accepted.add(new Accepted(ref, r.order()));
                    } else {
                        Problem p = r.problems().get(0);
                        rejected.add(new Rejected(ref, ReasonCodes.forProblem(p), p.field() + " " + p.reason()));
                    }
                }
            }
        }
        return new Outcome(file, null, List.copyOf(accepted), List.copyOf(rejected));
    }

    /**
     * EndToEndIds used more than once in the file: every transaction holding one is refused, as the
     * ERP could not tell their status reports apart (nor could we tell which one it meant).
     */
    private static Set<String> duplicatedEndToEndIds(Pain001 file) {
        Set<String> seen = new HashSet<>();
        Set<String> duplicated = new HashSet<>();
        for (Pain001.PaymentInfo info : file.paymentInfos()) {
            for (Pain001.Transaction t : info.transactions()) {
                if (!seen.add(t.endToEndId())) {
                    duplicated.add(t.endToEndId());
                }
            }
        }
        return duplicated;
    }

    /** Whole-file checks: the group's count and sum, PmtInfIds unique. */
    private static void groupChecks(Pain001 file) throws FileRefusedException {
        if (Long.parseLong(file.nbOfTxs()) != file.transactionCount()) {
            throw new FileRefusedException(Refusal.GROUP_NB_OF_TXS, "GrpHdr/NbOfTxs is " + file.nbOfTxs() + ", the file holds " + file.transactionCount());
        }
        if (file.ctrlSum() != null && file.ctrlSum().compareTo(sum(file.paymentInfos().stream().flatMap(p -> p.transactions().stream()).toList())) != 0) {
            throw new FileRefusedException(Refusal.GROUP_CTRL_SUM, "GrpHdr/CtrlSum is not the sum of the InstdAmt");
        }
        Set<String> ids = new HashSet<>();
        for (Pain001.PaymentInfo p : file.paymentInfos()) {
            if (!ids.add(p.pmtInfId())) {
                throw new FileRefusedException(Refusal.DUPLICATE_PMT_INF_ID, "PmtInfId repeated");
            }
        }
    }

    /** "CODE detail" when the whole PmtInf block is refused, else null. */
    private String blockReason(Pain001.PaymentInfo info, LocalDate today) {
        if (info.nbOfTxs() != null && Long.parseLong(info.nbOfTxs()) != info.transactions().size()) {
            return "AM18 PmtInf/NbOfTxs is " + info.nbOfTxs() + ", the block holds " + info.transactions().size();
        }
        if (info.ctrlSum() != null && info.ctrlSum().compareTo(sum(info.transactions())) != 0) {
            return "AM10 PmtInf/CtrlSum is not the sum of the block's InstdAmt";
        }
        if (info.debtorIban() == null) {
            return "AC01 PmtInf/DbtrAcct must be identified by an IBAN";
        }
        LocalDate date = LocalDate.parse(info.requestedDate());
        if (date.isBefore(today.minusDays(config.maxDaysPast()))) {
            return "CH04 PmtInf/ReqdExctnDt is more than " + config.maxDaysPast() + " days in the past";
        }
        if (date.isAfter(today.plusDays(config.maxDaysAhead()))) {
            return "CH03 PmtInf/ReqdExctnDt is more than " + config.maxDaysAhead() + " days ahead";
        }
        if (info.debtorName() == null) {
            return "RR02 PmtInf/Dbtr/Nm is required: it is the payer's name";
        }
        return null;
    }

    private static BigDecimal sum(List<Pain001.Transaction> txs) {
        BigDecimal total = BigDecimal.ZERO;
        for (Pain001.Transaction t : txs) {
            total = total.add(new BigDecimal(t.amount()));
        }
        return total;
    }

    /** The transaction as a JSON order, for the order parser to check and build. */
    private byte[] orderJson(Pain001 file, Pain001.PaymentInfo info, Pain001.Transaction t) {
        ObjectNode o = JSON.createObjectNode();
        o.put("orderId", OrderIds.of(file.msgId(), info.pmtInfId(), t.endToEndId()));
        o.put("provider", config.providerFor(info.debtorIban()));
        o.put("amount", plain(t.amount()));
        o.put("currency", t.currency());
        // NOTPROVIDED is ISO's word for "no end-to-end id": it is no payment reference.
        String communication = t.remittance() != null ? t.remittance()
                : "NOTPROVIDED".equals(t.endToEndId()) ? null : t.endToEndId();
        if (communication != null) {
            o.put("communication", communication);
        }
        o.put("endToEndId", t.endToEndId());
        ObjectNode payer = o.putObject("payer");
        payer.put("name", info.debtorName());
        payer.put("iban", info.debtorIban());
        if (t.creditorName() != null || t.creditorIban() != null) {
            ObjectNode beneficiary = o.putObject("beneficiary");
            if (t.creditorName() != null) {
                beneficiary.put("name", t.creditorName());
            }
            if (t.creditorIban() != null) {
                beneficiary.put("iban", t.creditorIban());
            }
        }
        try {
            return JSON.writeValueAsBytes(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An xs:decimal as the order parser's plain decimal ("+5", "5.", ".5" are valid XML decimals). */
    private static String plain(String amount) {
        return new BigDecimal(amount).toPlainString();
    }
}
