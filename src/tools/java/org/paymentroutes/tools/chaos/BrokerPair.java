package org.paymentroutes.tools.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A primary/backup pair of standalone Artemis brokers (replication), made and run by
 * {@code artemis/pair.sh} from an Apache Artemis distribution, so that the topology run goes through
 * the same script an operator uses. The primary can be killed with SIGKILL, as a crash.
 */
final class BrokerPair implements AutoCloseable {

    private final Path script;
    private final Path dir;
    private final int primaryPort;
    private final int backupPort;

    private BrokerPair(Path script, Path dir, int primaryPort, int backupPort) {
        this.script = script;
        this.dir = dir;
        this.primaryPort = primaryPort;
        this.backupPort = backupPort;
    }

    /** {@code pair.sh create} then {@code pair.sh start}: returns once the backup is in sync with the primary. */
    static BrokerPair start(Path script, Path artemisHome, Path dir, int primaryPort, int backupPort) throws Exception {
        if (!Files.isRegularFile(artemisHome.resolve("bin/artemis"))) {
            throw new IllegalArgumentException(artemisHome + " is not an Artemis distribution (no bin/artemis): run `mvn package` first,"
                    + " which unpacks one into target/artemis/");
        }
        BrokerPair pair = new BrokerPair(script, dir, primaryPort, backupPort);
        pair.run("create", artemisHome.toString(), dir.toString(), String.valueOf(primaryPort), String.valueOf(backupPort));
        try {
            pair.run("start", dir.toString());
        } catch (Exception e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    /** What the clients (bundle, ERP) connect with: both brokers, failing over between them without end. */
    String url() {
        return "(tcp://127.0.0.1:" + primaryPort + ",tcp://127.0.0.1:" + backupPort + ")?ha=true&reconnectAttempts=-1";
    }

    /** SIGKILL of the active primary: no shutdown, no goodbye to the clients or the backup. */
    void killPrimary() throws IOException {
        long pid = Long.parseLong(Files.readString(dir.resolve("primary.pid")).trim());
        ProcessHandle primary = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("the primary (" + pid + ") is not running"));
        primary.destroyForcibly();
        primary.onExit().join();
    }

    /** Whether the backup has logged that it is active (AMQ221007). */
    boolean backupActive() throws IOException {
        return Files.readString(dir.resolve("backup.log")).contains("AMQ221007");
    }

    private void run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        Path log = dir.resolveSibling(dir.getFileName() + "-pair.log");
        Files.createDirectories(dir);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("pair.sh " + args[0] + " failed:\n" + Files.readString(log));
        }
    }

    @Override
    public void close() throws Exception {
        run("stop", dir.toString());
    }
}
