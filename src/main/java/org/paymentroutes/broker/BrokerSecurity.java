package org.paymentroutes.broker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.paymentroutes.config.ConfigException;
import org.paymentroutes.config.Settings;

/**
 * Who may use the embedded broker. Off (anyone who can reach the port may do anything) only while
 * the broker listens on the loopback interface, i.e. for this machine alone; a broker other machines
 * can reach must authenticate, so start-up refuses a non-loopback {@code payments.broker.listen}
 * without credentials. With credentials, each client has the role {@code artemis/broker.xml} grants
 * permissions to (see its security-settings and artemis/README.md):
 * <ul>
 *   <li>{@value #ROLE_BUNDLE}: the bundle itself ({@code payments.broker.user}): every payments.* queue and the DLQ;</li>
 *   <li>{@value #ROLE_ERP}: ERPs and their front ends ({@code payments.broker.erp-user}): send orders and
 *       inputs, read outcomes, actions, rejections and reports;</li>
 *   <li>{@value #ROLE_OPERATOR}: operators ({@code payments.broker.operator-user}): everything, management and DLQ included;
 *       the operator commands of the CLI (list, status, resolve, redrive) log in with it, send to
 *       {@code payments.internal.operator} and create the temporary queue the bundle answers on.</li>
 * </ul>
 * Passwords are held in memory only (Artemis' in-VM login module), never logged.
 */
public final class BrokerSecurity {

    public static final String ROLE_BUNDLE = "payments-bundle";
    public static final String ROLE_ERP = "payments-erp";
    public static final String ROLE_OPERATOR = "amq";

    static final String USER = "payments.broker.user";
    static final String ERP_USER = "payments.broker.erp-user";
    static final String OPERATOR_USER = "payments.broker.operator-user";

    private record Account(String password, String role) {
    }

    private final Map<String, Account> accounts;

    private BrokerSecurity(Map<String, Account> accounts) {
        this.accounts = Map.copyOf(accounts);
    }

    /** Security off: for a broker on the loopback interface (tests, the demo, one machine). */
    public static BrokerSecurity off() {
        return new BrokerSecurity(Map.of());
    }

    /**
     * The accounts configured in {@code settings}: the bundle's ({@code payments.broker.user} and
     * {@code payments.broker.password}), and optionally the ERP's and the operator's. A user without
     * its password (or the reverse) is a configuration error naming the missing key.
     */
    public static BrokerSecurity from(Settings settings) {
        Map<String, Account> accounts = new LinkedHashMap<>();
        add(settings, USER, "payments.broker.password", ROLE_BUNDLE, accounts);
        add(settings, ERP_USER, "payments.broker.erp-password", ROLE_ERP, accounts);
        add(settings, OPERATOR_USER, "payments.broker.operator-password", ROLE_OPERATOR, accounts);
        if (!accounts.isEmpty() && settings.get(USER) == null) {
            throw new ConfigException(USER, "is required when other broker users are configured (the bundle must log in too)");
        }
        return new BrokerSecurity(accounts);
    }

    private static void add(Settings settings, String userKey, String passwordKey, String role, Map<String, Account> accounts) {
        String user = settings.get(userKey);
        String password = settings.secret(passwordKey);
        if (user == null && password == null) {
            return;
        }
        if (user == null) {
            throw new ConfigException(userKey, "is required when " + passwordKey + " is set");
        }
        if (password == null || password.isBlank()) {
            throw new ConfigException(passwordKey, "is required when " + userKey + " is set (or " + passwordKey + "-file)");
        }
        if (accounts.containsKey(user)) {
            throw new ConfigException(userKey, "names a user already configured with another role; give each client its own user");
        }
        accounts.put(user, new Account(password, role));
    }

    public boolean enabled() {
        return !accounts.isEmpty();
    }

    /**
     * Refuses to open the broker beyond this machine without authentication.
     *
     * @throws ConfigException naming the keys to set
     */
    void requireFor(ListenAddress address) {
        if (enabled() || isLoopback(address.host())) {
            return;
        }
        throw new ConfigException(ListenAddress.KEY, address.host() + " can be reached from other machines, and the broker has no"
                + " credentials: set " + USER + " and payments.broker.password (and " + ERP_USER + "/payments.broker.erp-password,"
                + " " + OPERATOR_USER + "/payments.broker.operator-password for ERPs and operators), or listen on 127.0.0.1");
    }

    /** The security manager holding the configured accounts; only called when {@link #enabled()}. */
    ActiveMQJAASSecurityManager manager() {
        SecurityConfiguration configuration = new SecurityConfiguration();
        accounts.forEach((user, account) -> {
            configuration.addUser(user, account.password());
            configuration.addRole(user, account.role());
        });
        return new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), configuration);
    }

    /**
     * True when every address the host names is a loopback address (a name is resolved, never trusted).
     *
     * @throws IllegalArgumentException naming the key when the host is unknown
     */
    static boolean isLoopback(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ListenAddress.KEY + ": unknown host '" + host + "'", e);
        }
        for (InetAddress a : addresses) {
            if (!a.isLoopbackAddress()) {
                return false;
            }
        }
        return addresses.length > 0;
    }

    @Override
    public String toString() {
        return enabled() ? "security on (" + accounts.size() + " users)" : "security off (loopback only)";
    }
}
