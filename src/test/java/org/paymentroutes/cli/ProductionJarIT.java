package org.paymentroutes.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production jar ({@code target/payment-routes.jar}, what integrators deploy) holds the bundle
 * and nothing of the tooling: no sandbox, demo, bench or chaos class, no sandbox key; every class of
 * ours in it links against the jar alone; and its command line offers the operators' commands only.
 */
class ProductionJarIT {

    static final Path JAR = Path.of("target/payment-routes.jar").toAbsolutePath();
    static final Path TOOLS_JAR = Path.of("target/payment-routes-tools.jar").toAbsolutePath();

    @TempDir
    Path dir;

    static List<String> entries(Path jar) throws Exception {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(JarEntry::getName).toList();
        }
    }

    @Test
    void holdsNoToolingAndNoDemoKey() throws Exception {
        List<String> entries = entries(JAR);
        assertThat(entries).contains("org/paymentroutes/cli/PaymentRoutesCli.class", "routes/intake.camel.yaml", "artemis/broker.xml");
        assertThat(entries).filteredOn(e -> e.startsWith("org/paymentroutes/sandbox/") || e.startsWith("org/paymentroutes/tools/")
                || e.startsWith("sandbox/") || e.endsWith(".pem")
                || e.startsWith("org/paymentroutes/") && (e.toLowerCase().contains("bench") || e.toLowerCase().contains("chaos") || e.contains("Demo")))
                .as("tooling in the production jar").isEmpty();
        // The same filter sees them in the tools jar, so it is not vacuous.
        assertThat(entries(TOOLS_JAR)).contains("org/paymentroutes/tools/ToolsCli.class",
                "org/paymentroutes/tools/chaos/ChaosRun.class", "org/paymentroutes/tools/bench/BenchRun.class",
                "org/paymentroutes/sandbox/fintecture/FintectureSandbox.class", "sandbox/fintecture-merchant-private.pem");
    }

    @Test
    void everyBundleClassLinksAgainstTheJarAlone() throws Exception {
        List<String> classes = entries(JAR).stream().filter(e -> e.startsWith("org/paymentroutes/") && e.endsWith(".class"))
                .map(e -> e.substring(0, e.length() - ".class".length()).replace('/', '.')).toList();
        assertThat(classes).hasSizeGreaterThan(50);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            for (String name : classes) {
                Class<?> c = Class.forName(name, false, loader);
                // Resolving the members' signatures loads every type they name.
                c.getDeclaredMethods();
                c.getDeclaredFields();
                c.getDeclaredConstructors();
            }
        }
    }

    @Test
    void offersTheOperatorsCommandsOnly() throws Exception {
        Path out = dir.resolve("out.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString(), "--help")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String help = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(help).isZero();
        List<String> commands = new ArrayList<>();
        for (String line : help.split("\n")) {
            if (line.startsWith("  ") && !line.startsWith("   ") && !line.trim().startsWith("-")) {
                commands.add(line.trim().split("\\s+")[0]);
            }
        }
        assertThat(commands).contains("run", "submit", "watch", "status", "list", "resolve", "redrive", "reconcile", "report",
                "everifin-authorize")
                .doesNotContain("demo", "sandbox", "bench", "chaos");
    }
}
