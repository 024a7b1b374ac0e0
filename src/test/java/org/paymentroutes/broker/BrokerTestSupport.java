package org.paymentroutes.broker;

import jakarta.jms.Connection;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/** What the broker tests share: a plain Jakarta JMS connection, as an ERP would open one. */
final class BrokerTestSupport {

    static final String[] DECLARED_QUEUES = {
        "payments.orders", "payments.actions", "payments.inputs", "payments.outcomes",
        "payments.rejected", "payments.reports", "payments.internal.retry", "payments.internal.events", "payments.internal.reconcile",
        "payments.internal.reconcile.replies", "payments.internal.process",
        "payments.internal.fintecture.initiations", "payments.internal.everifin.initiations", "DLQ", "ExpiryQueue"
    };

    private BrokerTestSupport() {
    }

    static Connection connect(EmbeddedBroker broker) throws Exception {
        // Not closed here: closing an Artemis connection factory closes the connections it made.
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(broker.url());
        Connection connection = factory.createConnection();
        connection.start();
        return connection;
    }
}
