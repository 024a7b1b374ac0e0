package org.paymentroutes.broker;

import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.remoting.Acceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Artemis broker inside the bundle's JVM, configured by the same {@code artemis/broker.xml} a
 * standalone broker uses, so that the embedded default and production differ only in where the
 * broker runs, not in its queues, redelivery or dead-letter rules.
 *
 * <p>The file takes host, port and data directory from system properties
 * ({@code payments.broker.host}, {@code payments.broker.port}, {@code payments.broker.data-dir});
 * this class sets them while the file is parsed and then restores what was there before. Other
 * placeholders in the file (redelivery delay, ...) keep their defaults unless set with -D.
 */
public final class EmbeddedBroker implements AutoCloseable {

    /** Where the build puts /artemis/broker.xml inside the jar (and target/classes). */
    static final String CONFIG_RESOURCE = "artemis/broker.xml";
    /** The acceptor's name in broker.xml (the name the artemis CLI looks for); checked after start. */
    static final String ACCEPTOR = "artemis";

    static final String HOST_PROPERTY = "payments.broker.host";
    static final String PORT_PROPERTY = "payments.broker.port";
    static final String DATA_DIR_PROPERTY = "payments.broker.data-dir";
    static final String SECURITY_PROPERTY = "payments.broker.security-enabled";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

    /** broker.xml is parsed against global system properties: one broker starts at a time. */
    private static final Object START_LOCK = new Object();

    private final EmbeddedActiveMQ server;
    private final ListenAddress address;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedBroker(EmbeddedActiveMQ server, ListenAddress address) {
        this.server = server;
        this.address = address;
    }

    /**
     * Starts an embedded, persistent Artemis broker from the bundled broker.xml (classpath resource
     * "artemis/broker.xml"; the build copies /work/main/artemis/broker.xml into the jar at that path).
     * listen is "host:port" (port 0 = any free port); dataDir holds the journal.
     *
     * @throws IllegalArgumentException if listen is not host:port or names an unknown host
     * @throws IllegalStateException    if the address cannot be listened on (port in use), or
     *                                  broker.xml is missing or invalid
     */
    public static EmbeddedBroker start(String listen, Path dataDir) throws Exception {
        return start(listen, dataDir, BrokerSecurity.off());
    }

    /**
     * As {@link #start(String, Path)}, with {@code security}'s accounts; a broker other machines can
     * reach (listen on a non-loopback address) is refused without them.
     *
     * @throws org.paymentroutes.config.ConfigException if {@code listen} is not loopback and security is off
     */
    public static EmbeddedBroker start(String listen, Path dataDir, BrokerSecurity security) throws Exception {
        Objects.requireNonNull(dataDir, "dataDir");
        ListenAddress requested = ListenAddress.parse(listen);
        security.requireFor(requested);
        requireConfigOnClasspath();
        Path data = Files.createDirectories(dataDir.toAbsolutePath().normalize());

        synchronized (START_LOCK) {
            ListenAddress address = Ports.reserve(requested);
            EmbeddedActiveMQ server = new EmbeddedActiveMQ().setConfigResourcePath(CONFIG_RESOURCE);
            if (security.enabled()) {
                server.setSecurityManager(security.manager());
            }
            try (SystemProperties ignored = SystemProperties.set(Map.of(
                    SECURITY_PROPERTY, Boolean.toString(security.enabled()),
                    HOST_PROPERTY, address.uriHost(), // broker.xml builds tcp://host:port from it
                    PORT_PROPERTY, Integer.toString(address.port()),
                    // the value is pasted into the XML text before parsing: escape what XML would misread
                    DATA_DIR_PROPERTY, xmlEscape(data.toString())))) {
                server.createActiveMQServer(); // reads, substitutes and validates broker.xml
            } catch (Exception e) {
                throw new IllegalStateException(CONFIG_RESOURCE + " could not be loaded: " + rootMessage(e), e);
            }
            // Artemis re-reads broker.xml periodically to apply edits. The embedded copy sits in the
            // jar and is not edited, and a re-read would no longer see the properties set above.
            server.getConfiguration().setConfigurationFileRefreshPeriod(-1);

            startOrExplain(server, address);
            LOG.info("Embedded Artemis broker listening on {} (data in {}, {})", org.paymentroutes.logging.LogMasking.url(address.clientUrl()), data, security);
            return new EmbeddedBroker(server, address);
        }
    }

    /** "tcp://host:port" that clients use to connect. */
    public String url() {
        return address.clientUrl();
    }

    /** Stops the broker cleanly (pending journal writes are flushed); calling it again does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Artemis broker on " + address + " did not stop cleanly", e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedBroker[" + url() + "]";
    }

    private static void requireConfigOnClasspath() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        boolean found = (context != null && context.getResource(CONFIG_RESOURCE) != null)
                || EmbeddedBroker.class.getClassLoader().getResource(CONFIG_RESOURCE) != null;
        if (!found) {
            throw new IllegalStateException("Classpath resource " + CONFIG_RESOURCE + " is missing: the build"
                    + " copies artemis/broker.xml into the jar; run from the built jar or after mvn process-resources");
        }
    }

    /**
     * Starts the server and proves it is really serving on the port. When Artemis' own bind fails
     * (the port was taken between {@link Ports#reserve} and now) it does not throw: it logs
     * "AMQ224000: Failure in initialisation", stays "started" but never becomes active, and its
     * acceptor is left without a port. Both are checked so the caller gets a clear error instead.
     */
    private static void startOrExplain(EmbeddedActiveMQ server, ListenAddress address) throws Exception {
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            BindException bind = cause(e, BindException.class);
            if (bind != null) {
                throw Ports.cannotListen(address, bind);
            }
            throw e;
        }
        Acceptor acceptor = server.getActiveMQServer().getRemotingService().getAcceptor(ACCEPTOR);
        if (acceptor == null) {
            stopQuietly(server);
            throw new IllegalStateException(CONFIG_RESOURCE + " has no acceptor named '" + ACCEPTOR + "'");
        }
        boolean listening = acceptor.isStarted() && acceptor.getActualPort() == address.port();
        if (!listening) {
            stopQuietly(server);
            throw Ports.cannotListen(address, null);
        }
        if (!server.getActiveMQServer().isActive()) {
            stopQuietly(server);
            throw new IllegalStateException("Embedded Artemis broker on " + address
                    + " did not become active; the Artemis log above says why");
        }
    }

    private static <T extends Throwable> T cause(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }

    private static String xmlEscape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void stopQuietly(EmbeddedActiveMQ server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // already failing; the original error is the one worth reporting
        }
    }
}
