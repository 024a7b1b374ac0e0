package org.paymentroutes.logging;

import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.rewrite.RewritePolicy;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.logging.log4j.util.StringMap;
import org.apache.logging.log4j.core.impl.ContextDataFactory;

/**
 * Every log event passes here before any layout (see log4j2.xml): its message and any exception
 * message are masked and their control characters escaped ({@link LogMasking}), whoever logged them,
 * and the instance name is added to the context data (a field of the JSON layout).
 */
@Plugin(name = "MaskingRewritePolicy", category = "Core", elementType = "rewritePolicy", printObject = true)
public final class MaskingRewritePolicy implements RewritePolicy {

    private static volatile String instance;

    /** This process's instance name (payments.instance-id), carried by every line from now on. */
    public static void instance(String name) {
        instance = name;
    }

    @PluginFactory
    public static MaskingRewritePolicy createPolicy() {
        return new MaskingRewritePolicy();
    }

    @Override
    public LogEvent rewrite(LogEvent event) {
        Message message = event.getMessage();
        String text = message == null ? null : message.getFormattedMessage();
        String safe = LogMasking.forLog(text);
        Throwable thrown = event.getThrown();
        String name = instance;
        boolean addInstance = name != null && !name.equals(event.getContextData().getValue("instance"));
        if (java.util.Objects.equals(text, safe) && thrown == null && !addInstance) {
            return event;
        }
        Log4jLogEvent.Builder b = new Log4jLogEvent.Builder(event).setMessage(new SimpleMessage(safe))
                .setThrown(MaskedThrowable.of(thrown)).setThrownProxy(null);
        if (addInstance) {
            StringMap data = ContextDataFactory.createContextData(event.getContextData());
            data.putValue("instance", name);
            b.setContextData(data);
        }
        return b.build();
    }
}
