package org.paymentroutes.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.imageio.ImageIO;

/** Writes a run's results: {@code results.md} (tables), {@code results.json} (everything) and {@code throughput.png} (the plot). */
public final class ReportWriter {

    public static final String MARKDOWN = "results.md";
    public static final String JSON = "results.json";
    public static final String PNG = "throughput.png";

    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd),
            new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};

    private ReportWriter() {
    }

    /** Writes the three files into {@code dir}; returns the markdown. */
    public static String write(BenchReport report, Path dir) throws IOException {
        Files.createDirectories(dir);
        String md = markdown(report);
        Files.writeString(dir.resolve(MARKDOWN), md, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(JSON), json(report), StandardCharsets.UTF_8);
        plot(report, dir.resolve(PNG));
        return md;
    }

    // ---------------------------------------------------------------- markdown

    /** The table alone (as printed at the end of a run and pasted in README.md). */
    public static String table(List<SweepRow> rows) {
        StringBuilder s = new StringBuilder();
        s.append("| orders | concurrency | orders/s | p50 ms | p95 ms | p99 ms | CPU s | heap MB | floor orders/s | ratio "
                + "| durable floor orders/s | ratio to durable |\n");
        s.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (SweepRow r : rows) {
            Measurement b = r.bundle();
            Measurement d = r.durableFloor();
            s.append(String.format(Locale.ROOT, "| %d | %d | %s%s | %.1f | %.1f | %.1f | %.1f | %.0f | %s%s | %.2f | %s%s | %.2f |%n",
                    r.orders(), r.concurrency(), rate(b.ordersPerSecond()), b.complete() ? "" : " *", b.latency().p50(), b.latency().p95(),
                    b.latency().p99(), b.usage().cpuSeconds(), b.usage().maxHeapUsedMb(), rate(r.floor().ordersPerSecond()),
                    r.floor().complete() ? "" : " *", r.ratio(), rate(d.ordersPerSecond()), d.complete() ? "" : " *", r.durableRatio()));
        }
        return s.toString();
    }

    public static String markdown(BenchReport r) {
        StringBuilder s = new StringBuilder();
        s.append("# payment-routes benchmark\n\n");
        s.append("Machine: ").append(r.machine().describe()).append("  \n");
        s.append(String.format(Locale.ROOT, "Run: %s, %.0f s in all; options %s%n%n", r.startedAt(), r.totalSeconds(), r.options()));
        s.append("## Fintecture initiation: the bundle and the floor\n\n");
        s.append(table(r.rows()));
        if (r.rows().stream().anyMatch(x -> !x.bundle().complete() || !x.floor().complete())) {
            s.append("\n\\* incomplete: not every order's outcome arrived within the time limit; orders/s counts those that did.\n");
        }
        s.append("""

                - **orders/s**: orders whose `ACTION_REQUIRED` outcome arrived / (first submit → last outcome). The producer sends \
                all N orders at once (persistent, in transactions of 10), so latency includes waiting behind the burst.
                - **p50/p95/p99**: submit (JMS property `benchSubmitNanos`, set by the producer) → outcome received by the ERP's consumer.
                - **CPU s**: CPU time of the whole process meanwhile (bundle, embedded broker, sandbox and the bench's own clients).
                - **heap MB**: highest heap use sampled every 10 ms (with the JVM's default heap sizing; see the in-flight line for the live set).
                - **floor**: a plain Java loop (no Camel) with as many threads: JMS receive, sign, HTTP POST, one row insert, JMS send, commit,
                  on the same broker, store and sandbox; **ratio** = bundle orders/s ÷ floor orders/s.
                - **durable floor**: the same loop doing the durable work the bundle's guarantees need: the order stored as RECEIVED with
                  an initiation mark and committed before the call, the session stored after it (a second commit), and the three
                  messages the bundle publishes (RECEIVED and ACTION_REQUIRED outcomes, REDIRECT action) with the JMS commit;
                  **ratio to durable** = bundle orders/s ÷ durable floor orders/s: what Camel, the outbox and the idempotency checks cost.

                """);
        s.append("""
                Set-up: everything in one JVM on 127.0.0.1; the sandboxes' JDK HTTP server runs with Nagle off \
                (`sun.net.httpserver.nodelay=true`; otherwise every call waits ~40 ms for a delayed ACK); reconciliation and the daily \
                report are scheduled out of the way; the bundle's per-order INFO log lines are turned down to WARN (`--logs` keeps them).

                CPU per order (whole process ÷ completed orders), and where it went:

                | orders | concurrency | bundle CPU ms/order | of which sandbox | floor CPU ms/order | durable floor CPU ms/order | bundle's busiest threads (CPU s) |
                | ---: | ---: | ---: | ---: | ---: | ---: | --- |
                """);
        for (SweepRow x : r.rows()) {
            Measurement b = x.bundle();
            List<String> busiest = new ArrayList<>();
            b.usage().cpuSecondsByThreadGroup().entrySet().stream().limit(3)
                    .forEach(e -> busiest.add(e.getKey().replace("|", "/") + " " + String.format(Locale.ROOT, "%.1f", e.getValue())));
            s.append(String.format(Locale.ROOT, "| %d | %d | %.2f | %.2f | %.2f | %.2f | %s |%n", x.orders(), x.concurrency(),
                    b.cpuMsPerOrder(), b.completed() == 0 ? 0 : b.usage().sandboxCpuSeconds() * 1000 / b.completed(), x.floor().cpuMsPerOrder(),
                    x.durableFloor().cpuMsPerOrder(), String.join("; ", busiest)));
        }
        s.append("\n");
        if (!r.paced().isEmpty()) {
            s.append("## Latency at a fixed offered rate\n\n");
            s.append("| offered orders/s | orders | concurrency | achieved orders/s | p50 ms | p95 ms | p99 ms | max ms | kept up |\n");
            s.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
            for (PacedRun run : r.paced()) {
                Measurement p = run.measurement();
                s.append(String.format(Locale.ROOT, "| %.0f | %d | %d | %s | %.1f | %.1f | %.1f | %.1f | %s |%n", run.offered(), p.orders(),
                        p.concurrency(), rate(p.ordersPerSecond()), p.latency().p50(), p.latency().p95(), p.latency().p99(), p.latency().max(),
                        run.keptUp() ? "yes" : !p.complete() ? "no: " + p.completed() + " of " + p.orders() + " answered in the time limit"
                                : "no: the queue grew (achieved < offered)"));
            }
            s.append("\nThe producer sends each order at its due time; latency = submit → ACTION_REQUIRED received.\n\n");
        }
        if (r.everifin() != null) {
            EverifinBench.Result e = r.everifin();
            s.append("## Everifin process loop (bank profile `credentials-otp`)\n\n");
            s.append(String.format(Locale.ROOT, "%d payments (%d AUTHORIZED, %d failed) in %.1f s: **%.1f process calls/s**, "
                            + "**%.1f payments/s**; %d creates, %d process calls (PATCH), %d input answers from the front end; "
                            + "submit → AUTHORIZED p50 %.0f ms, p99 %.0f ms (all sent at once); CPU %.1f s, of which the Everifin "
                            + "sandbox %.1f s.%n%n", e.payments(), e.completed(), e.failed(),
                    e.seconds(), e.processCallsPerSecond(), e.paymentsPerSecond(), e.creates(), e.processCalls(), e.inputAnswers(),
                    e.latency().p50(), e.latency().p99(), e.usage().cpuSeconds(), e.usage().sandboxCpuSeconds()));
        }
        if (r.inFlight() != null) {
            InFlightHeap.Result h = r.inFlight();
            s.append("## Heap with payments in flight\n\n");
            s.append(String.format(Locale.ROOT, "%d orders submitted while the orders consumers were paused (%d waiting): live heap "
                            + "%.0f MB after a full GC (%.0f MB before they were sent); max heap used %.0f MB, max after any GC %.0f MB "
                            + "(max heap %.0f MB); the backlog was then worked off at %.0f orders/s (%d of %d answered).%n%n",
                    h.inFlight(), h.queued(), h.liveInFlightMb(), h.liveBeforeMb(), h.maxUsedMb(), h.maxAfterGcMb(), r.machine().maxHeapMb(),
                    h.drainOrdersPerSecond(), h.completed(), h.inFlight()));
        }
        s.append("## Targets\n\n| target | measured | met |\n| --- | --- | --- |\n");
        for (BenchReport.Target t : r.targets()) {
            s.append("| ").append(t.target()).append(" | ").append(t.measured()).append(" | ")
                    .append(t.met() == null ? "not measured as stated" : t.met() ? "yes" : "**no**").append(" |\n");
        }
        return s.toString();
    }

    private static String rate(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.1f", v);
    }

    // ---------------------------------------------------------------- json

    static String json(BenchReport r) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.valueToTree(r);
        // Each row's ratio and CPU per order: methods, not components, of the records.
        ArrayNode rows = (ArrayNode) root.get("rows");
        for (int i = 0; i < rows.size(); i++) {
            SweepRow row = r.rows().get(i);
            ObjectNode node = (ObjectNode) rows.get(i);
            node.put("ratio", row.ratio());
            ((ObjectNode) node.get("bundle")).put("cpuMsPerOrder", row.bundle().cpuMsPerOrder());
            ((ObjectNode) node.get("floor")).put("cpuMsPerOrder", row.floor().cpuMsPerOrder());
            node.put("durableRatio", row.durableRatio());
            ((ObjectNode) node.get("durableFloor")).put("cpuMsPerOrder", row.durableFloor().cpuMsPerOrder());
        }
        root.set("targets", mapper.valueToTree(r.targets()));
        return mapper.writeValueAsString(root) + "\n";
    }

    // ---------------------------------------------------------------- plot

    /** orders/s against orders (log scale), one solid line per bundle concurrency and a dashed one for its floor. */
    static void plot(BenchReport r, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int w = 960;
        int h = 600;
        int left = 80;
        int right = 250;
        int top = 60;
        int bottom = 70;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
            g.setFont(font.deriveFont(Font.BOLD, 16f));
            g.setColor(Color.BLACK);
            g.drawString("payment-routes: Fintecture initiation throughput, bundle vs floor", left, 28);
            g.setFont(font.deriveFont(11f));
            g.drawString(r.machine().describe(), left, 46);
            g.setFont(font);

            TreeSet<Integer> xs = new TreeSet<>();
            double ymax = 1;
            TreeMap<Integer, List<SweepRow>> byC = new TreeMap<>();
            for (SweepRow row : r.rows()) {
                xs.add(row.orders());
                ymax = Math.max(ymax, Math.max(row.bundle().ordersPerSecond(), row.floor().ordersPerSecond()));
                byC.computeIfAbsent(row.concurrency(), k -> new ArrayList<>()).add(row);
            }
            double step = niceStep(ymax * 1.1 / 6);
            double ytop = Math.ceil(ymax * 1.1 / step) * step;
            double xmin = Math.log10(xs.isEmpty() ? 10 : xs.first());
            double xmax = Math.log10(xs.isEmpty() ? 1000 : xs.last());
            if (xmax - xmin < 1e-9) {
                xmin -= 0.5;
                xmax += 0.5;
            } else {
                double pad = (xmax - xmin) * 0.05;
                xmin -= pad;
                xmax += pad;
            }
            int pw = w - left - right;
            int ph = h - top - bottom;
            final double fxmin = xmin;
            final double fxmax = xmax;
            final double fytop = ytop;
            java.util.function.DoubleUnaryOperator px = v -> left + (Math.log10(v) - fxmin) / (fxmax - fxmin) * pw;
            java.util.function.DoubleUnaryOperator py = v -> top + ph - v / fytop * ph;

            FontMetrics fm = g.getFontMetrics();
            g.setStroke(new BasicStroke(1f));
            for (double y = 0; y <= ytop + step / 2; y += step) {
                int yy = (int) Math.round(py.applyAsDouble(y));
                g.setColor(new Color(0xe6e6e6));
                g.drawLine(left, yy, left + pw, yy);
                g.setColor(Color.DARK_GRAY);
                String label = String.format(Locale.ROOT, "%.0f", y);
                g.drawString(label, left - 8 - fm.stringWidth(label), yy + fm.getAscent() / 2 - 1);
            }
            for (int x : xs) {
                int xx = (int) Math.round(px.applyAsDouble(x));
                g.setColor(new Color(0xe6e6e6));
                g.drawLine(xx, top, xx, top + ph);
                g.setColor(Color.DARK_GRAY);
                String label = String.valueOf(x);
                g.drawString(label, xx - fm.stringWidth(label) / 2, top + ph + fm.getAscent() + 6);
            }
            g.setColor(Color.BLACK);
            g.drawRect(left, top, pw, ph);
            String xlabel = "orders per run (log scale)";
            g.drawString(xlabel, left + pw / 2 - fm.stringWidth(xlabel) / 2, h - 22);
            Graphics2D gy = (Graphics2D) g.create();
            gy.rotate(-Math.PI / 2);
            String ylabel = "orders/s (completed orders / first submit → last outcome)";
            gy.drawString(ylabel, -(top + ph / 2) - fm.stringWidth(ylabel) / 2, 22);
            gy.dispose();

            Stroke solid = new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
            Stroke dashed = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {7f, 5f}, 0f);
            int legendY = top + 10;
            int legendX = left + pw + 20;
            g.setColor(Color.BLACK);
            g.drawString("consumers (bundle) /", legendX, legendY);
            g.drawString("threads (floor)", legendX, legendY + 16);
            legendY += 36;
            int i = 0;
            for (var e : byC.entrySet()) {
                Color color = COLORS[i++ % COLORS.length];
                List<SweepRow> line = e.getValue();
                line.sort(java.util.Comparator.comparingInt(SweepRow::orders));
                for (int pass = 0; pass < 2; pass++) {
                    boolean floor = pass == 1;
                    g.setColor(floor ? color.brighter() : color);
                    g.setStroke(floor ? dashed : solid);
                    int prevX = -1;
                    int prevY = -1;
                    for (SweepRow row : line) {
                        double v = floor ? row.floor().ordersPerSecond() : row.bundle().ordersPerSecond();
                        int xx = (int) Math.round(px.applyAsDouble(row.orders()));
                        int yy = (int) Math.round(py.applyAsDouble(v));
                        if (prevX >= 0) {
                            g.drawLine(prevX, prevY, xx, yy);
                        }
                        if (floor) {
                            g.fillRect(xx - 3, yy - 3, 7, 7);
                        } else {
                            g.fillOval(xx - 4, yy - 4, 9, 9);
                        }
                        prevX = xx;
                        prevY = yy;
                    }
                    g.setStroke(floor ? dashed : solid);
                    g.drawLine(legendX, legendY - 4, legendX + 34, legendY - 4);
                    if (floor) {
                        g.fillRect(legendX + 14, legendY - 7, 7, 7);
                    } else {
                        g.fillOval(legendX + 13, legendY - 8, 9, 9);
                    }
                    g.setColor(Color.BLACK);
                    g.drawString((floor ? "floor, " : "bundle, ") + e.getKey() + (floor ? " thread" : " consumer") + (e.getKey() == 1 ? "" : "s"),
                            legendX + 42, legendY);
                    legendY += 20;
                }
                legendY += 6;
            }
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IOException("no PNG writer in this JDK");
        }
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        if (raw <= 0) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= raw) {
                return m * p;
            }
        }
        return 10 * p;
    }
}
