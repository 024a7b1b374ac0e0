package org.paymentroutes.store;

import java.sql.SQLException;
import java.util.Optional;

/** The pain.001 identifiers of the payments that came in a file (table iso_transaction, V8__iso20022.sql). */
public final class FileTransactions {

    private final Jdbc jdbc;

    FileTransactions(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Keeps the file's identifiers of a payment, in the caller's transaction; a payment already holding them keeps its own. */
    public void record(StoreTransaction tx, String orderId, FileTransaction ref) {
        Jdbc.joined(tx, "record file transaction", t -> {
            if (find(t, orderId).isEmpty()) {
                t.update("INSERT INTO iso_transaction (order_id, version, msg_id, pmt_inf_id, instr_id, end_to_end_id) VALUES (?,?,?,?,?,?)",
                        orderId, ref.version(), ref.msgId(), ref.pmtInfId(), ref.instrId(), ref.endToEndId());
            }
            return null;
        });
    }

    public Optional<FileTransaction> find(String orderId) {
        return jdbc.autoCommit("find file transaction", tx -> find(tx, orderId));
    }

    static Optional<FileTransaction> find(StoreTransaction tx, String orderId) throws SQLException {
        return tx.first("SELECT version, msg_id, pmt_inf_id, instr_id, end_to_end_id FROM iso_transaction WHERE order_id = ?",
                rs -> new FileTransaction(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)), orderId);
    }
}
