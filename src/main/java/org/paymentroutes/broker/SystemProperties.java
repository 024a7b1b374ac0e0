package org.paymentroutes.broker;

import java.util.HashMap;
import java.util.Map;

/**
 * Sets system properties for the duration of a block and puts the previous values back.
 *
 * <p>broker.xml takes its environment-specific values from system properties, which are global to
 * the JVM. Restoring them once the file has been parsed keeps one broker's port and data directory
 * from leaking into the next broker started in the same JVM (tests start several) and leaves
 * whatever the operator passed with -D untouched. (End-to-end tests use it for the broker settings they shorten.)
 */
public final class SystemProperties implements AutoCloseable {

    private final Map<String, String> previous = new HashMap<>();

    private SystemProperties() {
    }

    public static SystemProperties set(Map<String, String> values) {
        SystemProperties scope = new SystemProperties();
        values.forEach((key, value) -> {
            scope.previous.put(key, System.getProperty(key));
            System.setProperty(key, value);
        });
        return scope;
    }

    @Override
    public void close() {
        previous.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
    }
}
