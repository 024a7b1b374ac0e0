package org.paymentroutes.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/**
 * Port checks done before Artemis starts. Artemis itself reports a failed bind only in its log and
 * carries on without the port, so the broker checks first and fails with a message that names the
 * setting an operator has to change.
 */
final class Ports {

    private Ports() {
    }

    /**
     * Binds the address once to prove it can be listened on, and returns it with a concrete port
     * (port 0 becomes a free port, for tests and throwaway brokers). The socket is closed again
     * before Artemis binds; a program grabbing the port in between is caught after start.
     */
    static ListenAddress reserve(ListenAddress address) {
        InetAddress host = resolve(address);
        try (ServerSocket socket = new ServerSocket()) {
            // Same reuse rule as Artemis' Netty acceptor: a port in TIME_WAIT is free, a listening one is not.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, address.port()), 1);
            return address.withPort(socket.getLocalPort());
        } catch (IOException e) {
            throw cannotListen(address, e);
        }
    }

    /** "payments.broker.listen: 127.0.0.1:61616 is already in use", or why else the bind failed. */
    static IllegalStateException cannotListen(ListenAddress address, Throwable cause) {
        String reason = cause == null ? null : cause.getMessage();
        if (reason == null || reason.contains("in use")) {
            return new IllegalStateException(ListenAddress.KEY + ": " + address + " is already in use"
                    + " (another broker or program listens there; choose another port or stop it)", cause);
        }
        return new IllegalStateException(ListenAddress.KEY + ": cannot listen on " + address + ": " + reason, cause);
    }

    private static InetAddress resolve(ListenAddress address) {
        try {
            return InetAddress.getByName(address.host());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ListenAddress.KEY + ": unknown host '" + address.host() + "'", e);
        }
    }
}
