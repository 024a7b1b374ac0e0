package org.paymentroutes.cli;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.paymentroutes.config.Settings;

/** How the commands reach the broker: payments.broker.url, or the embedded broker's listen address. */
final class Broker {

    private Broker() {
    }

    static String url(Settings s) {
        String url = s.get("payments.broker.url");
        return url != null ? url : "tcp://" + s.hostPort("payments.broker.listen");
    }

    static ActiveMQConnectionFactory connectionFactory(Settings s) {
        return connectionFactory(s, s.get("payments.broker.user"), s.secret("payments.broker.password"));
    }

    /**
     * For operator commands: the operator's account (payments.broker.operator-user, role amq), which may
     * send to the operator queue and create the temporary queue the answer comes on; the bundle's when none is set.
     */
    static ActiveMQConnectionFactory operatorConnectionFactory(Settings s) {
        return s.get("payments.broker.operator-user") != null
                ? connectionFactory(s, s.get("payments.broker.operator-user"), s.secret("payments.broker.operator-password"))
                : connectionFactory(s);
    }

    private static ActiveMQConnectionFactory connectionFactory(Settings s, String user, String password) {
        ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(url(s), user, password);
        // Fail fast with a clear message instead of retrying forever when nothing listens.
        cf.setReconnectAttempts(0);
        cf.setInitialConnectAttempts(1);
        return cf;
    }
}
