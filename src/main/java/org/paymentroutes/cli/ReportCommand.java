package org.paymentroutes.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.paymentroutes.outcome.Messages;
import org.paymentroutes.reconcile.DailyReport;
import org.paymentroutes.reconcile.PaymentExport;
import org.paymentroutes.reconcile.ReconcileConfig;
import org.paymentroutes.store.PaymentStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Print the reconciliation report of a day (UTC) from the configured store: counts and sums per provider,"
                + " status and currency, the payments that need an operator, and what the retention job removed.",
                "--payments: the per-payment export for finance instead, keyed by settlement date (--date D, or --from D --to D):"
                        + " payments-, totals- and attention-<from>_<to>.<csv|json> written under --output."})
final class ReportCommand implements Callable<Integer> {

    @ParentCommand
    PaymentRoutesCli parent;

    @Option(names = "--date", description = "The day, YYYY-MM-DD (default: today).")
    LocalDate date;

    @Option(names = "--format", description = "text, csv or json (default: text; csv with --payments).")
    String format;

    @Option(names = "--payments", description = "The per-payment export, keyed by settlement date, as three files.")
    boolean payments;

    @Option(names = "--from", paramLabel = "D", description = "With --payments: the first settlement day (YYYY-MM-DD, UTC).")
    LocalDate from;

    @Option(names = "--to", paramLabel = "D", description = "With --payments: the last settlement day (default: --from).")
    LocalDate to;

    @Option(names = "--output", paramLabel = "DIR", description = "With --payments: where the files go (default: payments.report.dir,"
            + " or <payments.data-dir>/reports).")
    Path output;

    @Override
    public Integer call() throws Exception {
        var settings = parent.settings();
        try (PaymentStore store = PaymentStore.open(settings, Messages::outcome, "payments.outcomes")) {
            DailyReport report = new DailyReport(store, ReconcileConfig.from(settings), Path.of("."));
            if (payments) {
                return export(settings, store, report);
            }
            if (from != null || to != null || output != null) {
                throw new IllegalArgumentException("--from, --to and --output go with --payments");
            }
            DailyReport.Report r = report.build(date != null ? date : store.now().toLocalDate());
            switch (format == null ? "text" : format) {
                case "csv" -> System.out.print(report.csv(r));
                case "json" -> System.out.println(report.json(r));
                default -> {
                    System.out.println("Reconciliation report for " + r.date() + " (UTC)");
                    System.out.printf("%-12s %-16s %-8s %8s %18s%n", "provider", "status", "currency", "count", "amount");
                    for (DailyReport.Total t : r.totals()) {
                        System.out.printf("%-12s %-16s %-8s %8d %18s%n", t.provider(), t.status(), t.currency(), t.count(), t.amount().toPlainString());
                    }
                    System.out.println(r.attention().isEmpty() ? "Nothing needs an operator." : "Needs an operator:");
                    for (DailyReport.Attention a : r.attention()) {
                        System.out.printf("  %-24s %-10s %-16s %12s %s  %s%n", a.orderId(), a.provider(), a.status(), a.amount(), a.currency(), a.reason());
                    }
                    var removed = r.retention();
                    System.out.printf("Retention removed: data of %d payments (%d history rows, %d outbox rows, %d webhook receipts).%n",
                            removed.payments(), removed.historyRows(), removed.outboxRows(), removed.receipts());
                }
            }
            return 0;
        }
    }

    private int export(org.paymentroutes.config.Settings settings, PaymentStore store, DailyReport report) throws Exception {
        if (date != null && (from != null || to != null)) {
            throw new IllegalArgumentException("give --date D, or --from D [--to D], not both");
        }
        LocalDate first = date != null ? date : from != null ? from : store.now().toLocalDate().minusDays(1);
        LocalDate last = date != null ? date : to != null ? to : first;
        String reportDir = settings.get("payments.report.dir");
        Path dir = output != null ? output : reportDir != null ? Path.of(reportDir) : Path.of(settings.require("payments.data-dir"), "reports");
        PaymentExport export = new PaymentExport(store, report);
        PaymentExport.Export e = export.build(first, last);
        for (Path file : export.write(e, dir, format == null ? "csv" : format)) {
            System.out.println("wrote " + file);
        }
        System.out.println(e.payments().size() + " payment(s) settled " + first + (last.equals(first) ? "" : " to " + last)
                + ", " + e.attention().size() + " needing an operator");
        return 0;
    }
}
