package org.paymentroutes.store;

import java.time.OffsetDateTime;
import java.util.List;

/** An Everifin payment's place in its process loop (table everifin_process). */
public record ProcessState(String orderId, int seq, Integer inFlightSeq, String stepType, String actionJson,
                           List<String> inputNames, List<String> encryptNames, String encryptionKey, int nextInARow,
                           int pushPolls, OffsetDateTime waitingSince, String senderIp, String senderUserAgent) {

    /** What the next step of the loop is, as far as the store knows. */
    public ProcessState advanced(String stepType, String actionJson, List<String> inputNames, List<String> encryptNames,
                                 String encryptionKey, int nextInARow, int pushPolls, OffsetDateTime waitingSince) {
        return new ProcessState(orderId, seq + 1, null, stepType, actionJson, inputNames, encryptNames, encryptionKey, nextInARow,
                pushPolls, waitingSince, senderIp, senderUserAgent);
    }
}
