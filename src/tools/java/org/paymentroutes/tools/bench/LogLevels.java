package org.paymentroutes.tools.bench;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;

/**
 * Turns the bundle's per-order INFO lines (intake and route log steps, under {@code org.paymentroutes}
 * and the root logger) down to WARN while measuring, and back afterwards: thousands of lines a
 * second on a terminal would measure the terminal. Also silences the broker's per-message
 * AMQ222059 warning (a duplicate outbox publish dropped by Artemis' duplicate detection, which is
 * what it is there for; see the README's Performance section). Log4j's Configurator (log4j-core, a
 * runtime dependency) is called reflectively; without it, nothing changes.
 */
final class LogLevels implements AutoCloseable {

    private static final Map<String, Level> QUIET = Map.of("org.paymentroutes", Level.WARN, LogManager.ROOT_LOGGER_NAME, Level.WARN,
            "org.apache.activemq.artemis.core.server", Level.ERROR);

    private final Map<String, Level> previous = new LinkedHashMap<>();
    private final Method setLevel;

    private LogLevels(Method setLevel) {
        this.setLevel = setLevel;
    }

    static LogLevels quiet(boolean quiet) {
        Method m = null;
        if (quiet) {
            try {
                m = Class.forName("org.apache.logging.log4j.core.config.Configurator").getMethod("setLevel", String.class, Level.class);
            } catch (ReflectiveOperationException | LinkageError e) {
                m = null;
            }
        }
        LogLevels levels = new LogLevels(m);
        if (m != null) {
            for (Map.Entry<String, Level> q : QUIET.entrySet()) {
                String name = q.getKey();
                Level level = name.isEmpty() ? LogManager.getRootLogger().getLevel() : LogManager.getLogger(name).getLevel();
                if (level != null && level.isLessSpecificThan(q.getValue())) {
                    levels.previous.put(name, level);
                    levels.set(name, q.getValue());
                }
            }
        }
        return levels;
    }

    private void set(String name, Level level) {
        try {
            setLevel.invoke(null, name, level);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // logging stays as it was
        }
    }

    @Override
    public void close() {
        previous.forEach(this::set);
    }
}
