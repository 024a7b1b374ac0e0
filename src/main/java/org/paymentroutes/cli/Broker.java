package org.paymentroutes.cli;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.paymentroutes.config.Settings;

/** How submit and watch reach the broker: payments.broker.url, or the embedded broker's listen address. */
final class Broker {

    private Broker() {
    }

    static String url(Settings s) {
        String url = s.get("payments.broker.url");
        return url != null ? url : "tcp://" + s.hostPort("payments.broker.listen");
    }

    static ActiveMQConnectionFactory connectionFactory(Settings s) {
        ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(url(s), s.get("payments.broker.user"), s.secret("payments.broker.password"));
        // Fail fast with a clear message instead of retrying forever when nothing listens.
        cf.setReconnectAttempts(0);
        cf.setInitialConnectAttempts(1);
        return cf;
    }
}
