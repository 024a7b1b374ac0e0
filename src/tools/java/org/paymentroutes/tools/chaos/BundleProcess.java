package org.paymentroutes.tools.chaos;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The bundle as its own process (`run`), so that it can be killed with SIGKILL and started again. */
final class BundleProcess {

    private final Map<String, String> settings;
    private final Path workDir;
    private final Path log;
    private final int managementPort;
    private Process process;

    BundleProcess(Map<String, String> settings, Path workDir, Path log, int managementPort) {
        this.settings = settings;
        this.workDir = workDir;
        this.log = log;
        this.managementPort = managementPort;
    }

    void start() throws Exception {
        Files.createDirectories(workDir);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // As the README runs it in production: a bounded heap, and an exit (for the supervisor to restart) on OutOfMemoryError.
        command.add("-Xmx512m");
        command.add("-XX:+ExitOnOutOfMemoryError");
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        // Absolute entries: the process runs in its own directory (`java -jar target/...` gives a relative one).
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        command.add(java.util.Arrays.stream(classPath.split(java.io.File.pathSeparator)).filter(e -> !e.isBlank())
                .map(e -> Path.of(e).toAbsolutePath().toString()).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator)));
        command.add("org.paymentroutes.cli.PaymentRoutesCli");
        command.add("run");
        process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the bundle exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the bundle did not become healthy; see " + log);
    }

    /** SIGKILL: no shutdown hook, no clean close, as a crash. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
