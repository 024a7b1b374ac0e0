package org.paymentroutes.sandbox.fintecture;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sandbox's own background work (webhook deliveries and their retries, scripted outcomes), on
 * two daemon threads, apart from the HTTP threads so that nothing here ever delays an answer.
 * Runs between {@link FintectureSandbox#start()} and {@link FintectureSandbox#close()}; work
 * handed to it outside that window is dropped, as a stopped provider would.
 */
final class SandboxScheduler {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SandboxScheduler.class);
    private static final int THREADS = 2;

    private volatile ScheduledThreadPoolExecutor executor;

    synchronized void start() {
        if (executor == null) {
            ScheduledThreadPoolExecutor created = new ScheduledThreadPoolExecutor(THREADS, daemonThreads());
            created.setRemoveOnCancelPolicy(true);
            // Idle threads go away; a queued task always keeps one (ThreadPoolExecutor.getTask).
            created.setKeepAliveTime(30, TimeUnit.SECONDS);
            created.allowCoreThreadTimeOut(true);
            executor = created;
        }
    }

    synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    /** Runs {@code task} after {@code delay}; a failure is logged, never lost in a Future nobody reads. */
    void schedule(Runnable task, Duration delay) {
        ScheduledThreadPoolExecutor current = executor;
        if (current == null) {
            LOG.debug("sandbox stopped: background task dropped");
            return;
        }
        try {
            current.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("sandbox background task failed", e);
                }
            }, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("sandbox stopping: background task dropped");
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "fintecture-sandbox-background-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
