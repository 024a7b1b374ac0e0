package org.paymentroutes.routes;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.springframework.jms.support.converter.MessageConversionException;
import org.springframework.jms.support.converter.MessageConverter;
import org.springframework.jms.support.converter.SimpleMessageConverter;

/**
 * How every queue the bundle consumes reads its messages: a {@code TextMessage} as its text, a
 * {@code BytesMessage} as its bytes (at most {@link #MAX_BYTES}, or the limit it is made with), anything else refused with
 * {@link UnreadableMessageException} without being read. An {@code ObjectMessage} is never
 * deserialized (Java deserialization of a stranger's bytes runs their gadget chains), a
 * {@code MapMessage} or {@code StreamMessage} is never unpacked. The routes' error handler sends the
 * refusal to {@code payments.rejected} and acknowledges the message: it would never read better.
 * Set on the consumers' endpoints only ({@code messageConverter: "#textOrBytes"}); what the
 * bundle sends keeps Camel's own mapping.
 *
 * <p>The orders queue's consumers read up to {@code payments.iso20022.max-bytes} instead (bound as
 * {@code ordersOrFiles}): a pain.001 file comes on that queue, and a payment run of tens of
 * thousands of transactions is larger than 4 MiB. The JSON orders on it keep their own, much
 * smaller limit ({@code OrderParser.MAX_BYTES}), checked before parsing.
 */
public final class TextOrBytesConverter implements MessageConverter {

    /** A larger message is refused before it is copied (the parsers apply their own, smaller limits). */
    public static final int MAX_BYTES = 4 * 1024 * 1024;

    private final SimpleMessageConverter outgoing = new SimpleMessageConverter();
    private final int maxBytes;

    public TextOrBytesConverter() {
        this(MAX_BYTES);
    }

    /** Reads messages of at most {@code maxBytes} (characters for a text message: each is at least one UTF-8 byte). */
    public TextOrBytesConverter(int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    @Override
    public Object fromMessage(Message message) throws JMSException, MessageConversionException {
        if (message instanceof TextMessage text) {
            String body = text.getText();
            if (body != null && body.length() > maxBytes) {
                throw new UnreadableMessageException("a text message of " + body.length() + " characters (at most " + maxBytes + ")");
            }
            return body;
        }
        if (message instanceof BytesMessage bytes) {
            long length = bytes.getBodyLength();
            if (length > maxBytes) {
                throw new UnreadableMessageException("a bytes message of " + length + " bytes (at most " + maxBytes + ")");
            }
            byte[] body = new byte[(int) length];
            bytes.readBytes(body);
            return body;
        }
        throw new UnreadableMessageException("a " + kind(message) + " (only text or bytes messages, UTF-8 JSON, are read)");
    }

    @Override
    public Message toMessage(Object object, Session session) throws JMSException, MessageConversionException {
        return outgoing.toMessage(object, session);
    }

    /** The JMS type of a message, by its interface only (never by asking it for its content). */
    static String kind(Message message) {
        return message instanceof jakarta.jms.ObjectMessage ? "ObjectMessage"
                : message instanceof jakarta.jms.MapMessage ? "MapMessage"
                : message instanceof jakarta.jms.StreamMessage ? "StreamMessage" : "message without a body";
    }
}
