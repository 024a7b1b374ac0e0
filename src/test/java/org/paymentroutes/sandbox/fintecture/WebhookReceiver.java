package org.paymentroutes.sandbox.fintecture;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A merchant's webhook endpoint for the tests: records what arrives and answers what the test scripted. */
final class WebhookReceiver implements AutoCloseable {

    /** One request as it arrived: headers with lower-case names, exact body bytes, arrival time in nanos. */
    record Received(String method, String path, Map<String, List<String>> headers, byte[] body, long arrivedNanos) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        String bodyAsString() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Integer> answers = new ArrayDeque<>();
    private volatile CountDownLatch gate;

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "webhook-receiver");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/fintecture";
    }

    /** The next answers, in order; 200 once they are used up. */
    synchronized void answer(int... statuses) {
        for (int status : statuses) {
            answers.addLast(status);
        }
    }

    /** Requests wait (after being recorded) until {@link #open()}: a slow merchant. */
    void block() {
        gate = new CountDownLatch(1);
    }

    void open() {
        CountDownLatch current = gate;
        if (current != null) {
            current.countDown();
        }
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(values));
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), headers, body,
                System.nanoTime()));
        CountDownLatch current = gate;
        if (current != null) {
            try {
                current.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int status;
        synchronized (this) {
            status = answers.isEmpty() ? 200 : answers.removeFirst();
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        open();
        server.stop(0);
    }
}
