package org.paymentroutes.tools.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * What the process spends while a measurement runs: CPU time of the whole JVM (bundle, broker,
 * sandbox and the bench's own clients: they share the process), the part of it spent in the
 * sandbox's threads and in the bench's client threads, the highest heap use sampled every
 * {@value #SAMPLE_MS} ms, and the highest heap left after a garbage collection (the live set, which
 * is what decides whether a heap limit is enough).
 */
public final class ResourceMeter implements AutoCloseable {

    static final int SAMPLE_MS = 10;
    /** Thread name prefixes whose CPU time is reported on its own. */
    static final String SANDBOX_THREADS = "-sandbox-";
    static final String CLIENT_THREADS = "bench-";
    static final int TOP_GROUPS = 12;
    /** Per-thread CPU is read every this many heap samples (200 ms). */
    static final int THREAD_SAMPLE_EVERY = 20;

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long cpuStart;
    private final long wallStart;
    private final Map<Long, ThreadCpu> threadStart;
    private final Map<Long, ThreadCpu> lastSeen = new HashMap<>();
    private final AtomicLong maxUsed = new AtomicLong();
    private final AtomicLong maxAfterGc = new AtomicLong();
    private final AtomicLong gcCount = new AtomicLong();
    private final AtomicLong gcMillis = new AtomicLong();
    private final Set<String> heapPools;
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onGc;
    private final Thread sampler;
    private volatile boolean running = true;
    private Usage usage;

    private ResourceMeter() {
        heapPools = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
        if (THREADS.isThreadCpuTimeSupported() && !THREADS.isThreadCpuTimeEnabled()) {
            THREADS.setThreadCpuTimeEnabled(true);
        }
        threadStart = threadCpu();
        cpuStart = OS.getProcessCpuTime();
        wallStart = System.nanoTime();
        sample();
        sampler = new Thread(() -> {
            int tick = 0;
            while (running) {
                sample();
                if (++tick % THREAD_SAMPLE_EVERY == 0) {
                    sampleThreads();
                }
                try {
                    Thread.sleep(SAMPLE_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    public static ResourceMeter start() {
        return new ResourceMeter();
    }

    /** Heap used now, in bytes. */
    public static long heapUsed() {
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    /** Heap used after a full collection (System.gc; a hint, honoured by the JDK's collectors unless disabled). */
    public static long liveHeapAfterFullGc() {
        System.gc();
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    /** Keeps each thread's latest CPU time, so that threads which end before {@link #stop} still count. */
    private void sampleThreads() {
        Map<Long, ThreadCpu> now = threadCpu();
        synchronized (lastSeen) {
            lastSeen.putAll(now);
        }
    }

    private void sample() {
        maxUsed.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
    }

    private void onGc(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long before = 0;
        long after = 0;
        for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageBeforeGc().entrySet()) {
            if (heapPools.contains(e.getKey())) {
                before += e.getValue().getUsed();
            }
        }
        for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(e.getKey())) {
                after += e.getValue().getUsed();
            }
        }
        final long b = before;
        maxUsed.accumulateAndGet(b, Math::max);
        maxAfterGc.accumulateAndGet(after, Math::max);
        gcCount.incrementAndGet();
        gcMillis.addAndGet(info.getGcInfo().getDuration());
    }

    /** Stops sampling; the usage since {@link #start}. Idempotent. */
    public synchronized Usage stop() {
        if (usage != null) {
            return usage;
        }
        running = false;
        sampler.interrupt();
        try {
            sampler.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
        long cpu = OS.getProcessCpuTime() - cpuStart;
        double wall = (System.nanoTime() - wallStart) / 1e9;
        sampleThreads();
        Map<Long, ThreadCpu> end;
        synchronized (lastSeen) {
            end = new HashMap<>(lastSeen);
        }
        long sandbox = 0;
        long client = 0;
        long threads = 0;
        Map<String, Long> groups = new HashMap<>();
        for (Map.Entry<Long, ThreadCpu> e : end.entrySet()) {
            ThreadCpu now = e.getValue();
            ThreadCpu then = threadStart.get(e.getKey());
            long delta = Math.max(0, now.nanos() - (then == null ? 0 : then.nanos()));
            threads += delta;
            groups.merge(group(now.name()), delta, Long::sum);
            if (now.name().contains(SANDBOX_THREADS)) {
                sandbox += delta;
            } else if (now.name().startsWith(CLIENT_THREADS)) {
                client += delta;
            }
        }
        // What no Java thread accounts for: GC, JIT compilation, the VM itself (and the last moments of threads that ended).
        groups.put("(JVM: GC, JIT compiler, VM)", Math.max(0, cpu - threads));
        Map<String, Double> top = new java.util.LinkedHashMap<>();
        groups.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(TOP_GROUPS)
                .forEach(e -> top.put(e.getKey(), Math.round(e.getValue() / 1e7) / 100.0));
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (Exception e) {
                // already gone
            }
        }
        usage = new Usage(wall, cpu / 1e9, sandbox / 1e9, client / 1e9, maxUsed.get(), maxAfterGc.get(), gcCount.get(), gcMillis.get(), top);
        return usage;
    }

    @Override
    public void close() {
        stop();
    }

    private record ThreadCpu(String name, long nanos) {
    }

    /** Thread id → name and CPU nanos, for the live threads. */
    private static Map<Long, ThreadCpu> threadCpu() {
        Map<Long, ThreadCpu> out = new HashMap<>();
        if (!THREADS.isThreadCpuTimeSupported()) {
            return out;
        }
        for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (t == null) {
                continue;
            }
            long cpu = THREADS.getThreadCpuTime(t.getThreadId());
            if (cpu >= 0) {
                out.put(t.getThreadId(), new ThreadCpu(t.getThreadName(), cpu));
            }
        }
        return out;
    }

    /** Threads of one pool under one name: digits and object hashes folded ("Thread-12 (activemq-...)" → "Thread-# (activemq-...)"). */
    static String group(String threadName) {
        return threadName.replaceAll("@[0-9a-f]+", "").replaceAll("[0-9]+", "#");
    }

    /**
     * @param wallSeconds      how long the meter ran
     * @param cpuSeconds       CPU time of the whole process in that time (all threads, all cores)
     * @param sandboxCpuSeconds of which the provider sandboxes' threads (threads that ended meanwhile are not counted)
     * @param clientCpuSeconds of which the bench's own producer, collectors and front end
     * @param maxHeapUsed      highest heap use seen (sampled, and just before each collection), bytes
     * @param maxHeapAfterGc   highest heap use right after a collection (0 when none ran), bytes
     * @param cpuSecondsByThreadGroup where the CPU went: the {@value #TOP_GROUPS} busiest thread groups (pools named alike)
     */
    public record Usage(double wallSeconds, double cpuSeconds, double sandboxCpuSeconds, double clientCpuSeconds,
                        long maxHeapUsed, long maxHeapAfterGc, long gcCount, long gcMillis, Map<String, Double> cpuSecondsByThreadGroup) {

        public double maxHeapUsedMb() {
            return maxHeapUsed / (1024.0 * 1024.0);
        }

        public double maxHeapAfterGcMb() {
            return maxHeapAfterGc / (1024.0 * 1024.0);
        }
    }
}
