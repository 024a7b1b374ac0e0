package org.paymentroutes.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The machine a run measured: what the figures must be read against. */
public record Machine(int cores, long maxHeapBytes, String java, String os, String cpu) {

    public static Machine current() {
        return new Machine(Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory(),
                System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                cpuModel());
    }

    public double maxHeapMb() {
        return maxHeapBytes / (1024.0 * 1024.0);
    }

    /** One line: cores, max heap, Java, OS (and the CPU model when the OS tells it). */
    public String describe() {
        return String.format(Locale.ROOT, "%d cores (availableProcessors), max heap %.0f MB, Java %s, %s%s", cores, maxHeapMb(), java, os,
                cpu == null ? "" : ", " + cpu);
    }

    private static String cpuModel() {
        Path info = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(info)) {
            return null;
        }
        try {
            return Files.readAllLines(info).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim().replaceAll("\\s+", " ")).orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
