package org.paymentroutes.iso20022;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Schema-level reading of a pain.001.001.03 or .09 file (whichever its namespace names): the
 * sequence and cardinality of every element on the path we read, and the types of the values we
 * take (texts' lengths, dates, decimals, codes). A file that does not fit is refused whole.
 * Elements we do not read (addresses, agents, purposes, tax...) are kept within the size and depth
 * bounds and otherwise passed over, as the XSD is not shipped (see the README, "ISO 20022").
 */
final class Pain001Reader {

    private static final String OTHER_PAIN001 = Pain001Version.NAMESPACE_PREFIX + "pain.001.";
    private static final Pattern MAX15_NUMERIC = Pattern.compile("[0-9]{1,15}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern IBAN2007 = Pattern.compile("[A-Z]{2}[0-9]{2}[a-zA-Z0-9]{1,30}");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)");

    private static final Shape DOCUMENT = Shape.sequence("CstmrCdtTrfInitn");
    // CustomerCreditTransferInitiationV03 / V09
    private static final Shape INITIATION_03 = Shape.sequence("GrpHdr", "PmtInf+");
    private static final Shape INITIATION_09 = Shape.sequence("GrpHdr", "PmtInf+", "SplmtryData*");
    // GroupHeader32 / GroupHeader85 (Authstn is 0..2: the repeat bound is checked below)
    private static final Shape GROUP_HEADER = Shape.sequence("MsgId", "CreDtTm", "Authstn*", "NbOfTxs", "CtrlSum?", "InitgPty", "FwdgAgt?");
    // PaymentInstructionInformation3 / PaymentInstruction30
    private static final Shape PAYMENT_INFO_03 = Shape.sequence("PmtInfId", "PmtMtd", "BtchBookg?", "NbOfTxs?", "CtrlSum?", "PmtTpInf?",
            "ReqdExctnDt", "PoolgAdjstmntDt?", "Dbtr", "DbtrAcct", "DbtrAgt", "DbtrAgtAcct?", "UltmtDbtr?", "ChrgBr?", "ChrgsAcct?",
            "ChrgsAcctAgt?", "CdtTrfTxInf+");
    private static final Shape PAYMENT_INFO_09 = Shape.sequence("PmtInfId", "PmtMtd", "BtchBookg?", "NbOfTxs?", "CtrlSum?", "PmtTpInf?",
            "ReqdExctnDt", "PoolgAdjstmntDt?", "Dbtr", "DbtrAcct", "DbtrAgt", "DbtrAgtAcct?", "InstrForDbtrAgt?", "UltmtDbtr?", "ChrgBr?",
            "ChrgsAcct?", "ChrgsAcctAgt?", "CdtTrfTxInf+");
    // CreditTransferTransactionInformation10 / CreditTransferTransaction34
    private static final String[] TRANSACTION_COMMON = {"PmtId", "PmtTpInf?", "Amt", "XchgRateInf?", "ChrgBr?", "ChqInstr?", "UltmtDbtr?",
        "IntrmyAgt1?", "IntrmyAgt1Acct?", "IntrmyAgt2?", "IntrmyAgt2Acct?", "IntrmyAgt3?", "IntrmyAgt3Acct?", "CdtrAgt?", "CdtrAgtAcct?",
        "Cdtr?", "CdtrAcct?", "UltmtCdtr?", "InstrForCdtrAgt*", "InstrForDbtrAgt?", "Purp?", "RgltryRptg*", "Tax?", "RltdRmtInf*", "RmtInf?"};
    private static final Shape TRANSACTION_03 = Shape.sequence(TRANSACTION_COMMON);
    private static final Shape TRANSACTION_09 = Shape.sequence(append(TRANSACTION_COMMON, "SplmtryData*"));
    // PaymentIdentification1 / PaymentIdentification6
    private static final Shape PAYMENT_ID_03 = Shape.sequence("InstrId?", "EndToEndId");
    private static final Shape PAYMENT_ID_09 = Shape.sequence("InstrId?", "EndToEndId", "UETR?");
    private static final Shape AMOUNT = Shape.choice("InstdAmt", "EqvtAmt");
    // CashAccount16 / CashAccount38
    private static final Shape ACCOUNT_03 = Shape.sequence("Id", "Tp?", "Ccy?", "Nm?");
    private static final Shape ACCOUNT_09 = Shape.sequence("Id", "Tp?", "Ccy?", "Nm?", "Prxy?");
    private static final Shape ACCOUNT_ID = Shape.choice("IBAN", "Othr");
    // PartyIdentification32 / PartyIdentification135
    private static final Shape PARTY = Shape.sequence("Nm?", "PstlAdr?", "Id?", "CtryOfRes?", "CtctDtls?");
    // RemittanceInformation5 / 16, StructuredRemittanceInformation7 / 16, CreditorReferenceInformation2
    private static final Shape REMITTANCE = Shape.sequence("Ustrd*", "Strd*");
    private static final Shape STRUCTURED_03 = Shape.sequence("RfrdDocInf*", "RfrdDocAmt?", "CdtrRefInf?", "Invcr?", "Invcee?", "AddtlRmtInf*");
    private static final Shape STRUCTURED_09 = Shape.sequence("RfrdDocInf*", "RfrdDocAmt?", "CdtrRefInf?", "Invcr?", "Invcee?", "TaxRmt?",
            "GrnshmtRmt?", "AddtlRmtInf*");
    private static final Shape CREDITOR_REFERENCE = Shape.sequence("Tp?", "Ref?");
    private static final Shape DATE_CHOICE = Shape.choice("Dt", "DtTm");

    private Pain001Reader() {
    }

    static Pain001 read(XmlNode root, int maxTransactions) throws FileRefusedException {
        String ns = root.namespace;
        if (!"Document".equals(root.name) || !ns.startsWith(Pain001Version.NAMESPACE_PREFIX)) {
            throw new FileRefusedException(Refusal.WRONG_NAMESPACE, "root " + SecureXml.safe(root.name) + " in namespace '" + SecureXml.safe(ns) + "'");
        }
        Pain001Version version = Pain001Version.byNamespace(ns).orElseThrow(() -> new FileRefusedException(
                ns.startsWith(OTHER_PAIN001) ? Refusal.UNSUPPORTED_VERSION : Refusal.WRONG_NAMESPACE, SecureXml.safe(ns)));
        boolean v03 = version == Pain001Version.V03;
        DOCUMENT.check(root);
        XmlNode init = root.child("CstmrCdtTrfInitn");
        (v03 ? INITIATION_03 : INITIATION_09).check(init);
        XmlNode header = init.child("GrpHdr");
        GROUP_HEADER.check(header);
        if (header.all("Authstn").size() > 2) {
            throw Shape.schema(header.path + "/Authstn is repeated more than twice");
        }
        String msgId = text(header, "MsgId", 35);
        String creDtTm = dateTime(header.child("CreDtTm"));
        String nbOfTxs = numeric(header.child("NbOfTxs"));
        BigDecimal ctrlSum = decimal(header.child("CtrlSum"), 17);
        List<XmlNode> blocks = init.all("PmtInf");
        int total = 0;
        for (XmlNode b : blocks) {
            total += b.all("CdtTrfTxInf").size();
        }
        if (total > maxTransactions) {
            throw new FileRefusedException(Refusal.TOO_MANY_TRANSACTIONS, total + " transactions; the limit is " + maxTransactions);
        }
        List<Pain001.PaymentInfo> infos = new ArrayList<>();
        for (XmlNode b : blocks) {
            infos.add(paymentInfo(b, v03));
        }
        return new Pain001(version, msgId, creDtTm, nbOfTxs, ctrlSum, List.copyOf(infos));
    }

    private static Pain001.PaymentInfo paymentInfo(XmlNode b, boolean v03) throws FileRefusedException {
        (v03 ? PAYMENT_INFO_03 : PAYMENT_INFO_09).check(b);
        String id = text(b, "PmtInfId", 35);
        String method = b.child("PmtMtd").text();
        if (!method.equals("TRF") && !method.equals("CHK") && !method.equals("TRA")) {
            throw Shape.schema(b.path + "/PmtMtd must be TRF, CHK or TRA");
        }
        String nbOfTxs = numeric(b.child("NbOfTxs"));
        BigDecimal ctrlSum = decimal(b.child("CtrlSum"), 17);
        XmlNode requested = b.child("ReqdExctnDt");
        String date;
        if (v03) {
            date = date(requested);
        } else {
            DATE_CHOICE.check(requested);
            XmlNode d = requested.children.get(0);
            date = d.name.equals("Dt") ? date(d) : dateTime(d).substring(0, 10);
        }
        XmlNode debtor = b.child("Dbtr");
        PARTY.check(debtor);
        String debtorName = optionalText(debtor, "Nm", 140);
        String debtorIban = iban(b.child("DbtrAcct"), v03);
        List<Pain001.Transaction> txs = new ArrayList<>();
        for (XmlNode t : b.all("CdtTrfTxInf")) {
            txs.add(transaction(t, v03));
        }
        return new Pain001.PaymentInfo(id, nbOfTxs, ctrlSum, date, debtorName, debtorIban, List.copyOf(txs));
    }

    private static Pain001.Transaction transaction(XmlNode t, boolean v03) throws FileRefusedException {
        (v03 ? TRANSACTION_03 : TRANSACTION_09).check(t);
        XmlNode pmtId = t.child("PmtId");
        (v03 ? PAYMENT_ID_03 : PAYMENT_ID_09).check(pmtId);
        String instrId = optionalText(pmtId, "InstrId", 35);
        String endToEndId = text(pmtId, "EndToEndId", 35);
        XmlNode amt = t.child("Amt");
        AMOUNT.check(amt);
        XmlNode instructed = amt.child("InstdAmt");
        if (instructed == null) {
            // EqvtAmt asks the bank to convert from another currency: not something a payment initiation does.
            throw Shape.schema(amt.path + "/EqvtAmt is not supported: send InstdAmt");
        }
        if (!instructed.children.isEmpty()) {
            throw Shape.schema(instructed.path + " must hold a decimal");
        }
        decimalOrThrow(instructed, 5);
        String currency = instructed.attributes.get("Ccy");
        if (currency == null || !CURRENCY.matcher(currency).matches() || instructed.attributes.size() != 1) {
            throw Shape.schema(instructed.path + " needs its Ccy attribute, three capital letters, and no other");
        }
        if (new BigDecimal(instructed.text().strip()).signum() < 0) {
            throw Shape.schema(instructed.path + " must not be negative");
        }
        XmlNode creditor = t.child("Cdtr");
        String creditorName = null;
        if (creditor != null) {
            PARTY.check(creditor);
            creditorName = optionalText(creditor, "Nm", 140);
        }
        XmlNode creditorAccount = t.child("CdtrAcct");
        String creditorIban = creditorAccount == null ? null : iban(creditorAccount, v03);
        return new Pain001.Transaction(instrId, endToEndId, instructed.text().strip(), currency, creditorName, creditorIban,
                remittance(t.child("RmtInf"), v03));
    }

    private static String remittance(XmlNode r, boolean v03) throws FileRefusedException {
        if (r == null) {
            return null;
        }
        REMITTANCE.check(r);
        List<String> lines = new ArrayList<>();
        for (XmlNode u : r.all("Ustrd")) {
            lines.add(leaf(u, 140));
        }
        String reference = null;
        for (XmlNode s : r.all("Strd")) {
            (v03 ? STRUCTURED_03 : STRUCTURED_09).check(s);
            XmlNode ref = s.child("CdtrRefInf");
            if (ref != null) {
                CREDITOR_REFERENCE.check(ref);
                String value = optionalText(ref, "Ref", 35);
                reference = reference == null ? value : reference;
            }
        }
        return !lines.isEmpty() ? String.join(" ", lines) : reference;
    }

    /** The account's IBAN, or null when it is identified otherwise (Othr). */
    private static String iban(XmlNode account, boolean v03) throws FileRefusedException {
        (v03 ? ACCOUNT_03 : ACCOUNT_09).check(account);
        XmlNode id = account.child("Id");
        ACCOUNT_ID.check(id);
        XmlNode iban = id.child("IBAN");
        if (iban == null) {
            return null;
        }
        String value = leaf(iban, 34);
        if (!IBAN2007.matcher(value).matches()) {
            throw Shape.schema(iban.path + " is not an IBAN2007Identifier");
        }
        return value;
    }

    private static String text(XmlNode parent, String name, int max) throws FileRefusedException {
        return leaf(parent.child(name), max);
    }

    private static String optionalText(XmlNode parent, String name, int max) throws FileRefusedException {
        XmlNode n = parent.child(name);
        return n == null ? null : leaf(n, max);
    }

    /** A MaxNText: 1..N characters, no child element; surrounding whitespace is the sender's formatting. */
    private static String leaf(XmlNode n, int max) throws FileRefusedException {
        if (!n.children.isEmpty()) {
            throw Shape.schema(n.path + " must hold text, not elements");
        }
        String s = n.text();
        if (s.isEmpty() || s.codePointCount(0, s.length()) > max) {
            throw Shape.schema(n.path + " must be 1 to " + max + " characters");
        }
        return s;
    }

    private static String numeric(XmlNode n) throws FileRefusedException {
        if (n == null) {
            return null;
        }
        String s = leaf(n, 15);
        if (!MAX15_NUMERIC.matcher(s).matches()) {
            throw Shape.schema(n.path + " must be 1 to 15 digits");
        }
        return s;
    }

    private static BigDecimal decimal(XmlNode n, int fractionDigits) throws FileRefusedException {
        return n == null ? null : decimalOrThrow(n, fractionDigits);
    }

    /** An xs:decimal of at most 18 digits of which at most {@code fractionDigits} after the point. */
    private static BigDecimal decimalOrThrow(XmlNode n, int fractionDigits) throws FileRefusedException {
        String s = leaf(n, 40).strip();
        if (!DECIMAL.matcher(s).matches()) {
            throw Shape.schema(n.path + " is not a decimal number");
        }
        BigDecimal d = new BigDecimal(s).stripTrailingZeros();
        int scale = Math.max(d.scale(), 0);
        int integerDigits = Math.max(d.precision() - d.scale(), 0);
        if (scale > fractionDigits || integerDigits + scale > 18) {
            throw Shape.schema(n.path + " has more than 18 digits or " + fractionDigits + " decimals");
        }
        return new BigDecimal(s);
    }

    private static String date(XmlNode n) throws FileRefusedException {
        String s = leaf(n, 40).strip();
        try {
            // xs:date allows a time zone suffix; the day is what we keep.
            return LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s).toString();
        } catch (DateTimeParseException e) {
            throw Shape.schema(n.path + " is not an ISO date");
        }
    }

    private static String dateTime(XmlNode n) throws FileRefusedException {
        String s = leaf(n, 40).strip();
        try {
            if (s.endsWith("Z") || s.matches(".*[+-]\\d\\d:\\d\\d$")) {
                OffsetDateTime.parse(s);
            } else {
                LocalDateTime.parse(s);
            }
            return s;
        } catch (DateTimeParseException e) {
            throw Shape.schema(n.path + " is not an ISO date and time");
        }
    }

    private static String[] append(String[] a, String last) {
        String[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = last;
        return out;
    }
}
