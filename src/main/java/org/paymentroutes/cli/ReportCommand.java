package org.paymentroutes.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.paymentroutes.outcome.Messages;
import org.paymentroutes.reconcile.DailyReport;
import org.paymentroutes.reconcile.ReconcileConfig;
import org.paymentroutes.store.PaymentStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Print the reconciliation report of a day (UTC) from the configured store: counts and sums per provider,"
                + " status and currency, and the payments that need an operator.")
final class ReportCommand implements Callable<Integer> {

    @ParentCommand
    PaymentRoutesCli parent;

    @Option(names = "--date", description = "The day, YYYY-MM-DD (default: today).")
    LocalDate date;

    @Option(names = "--format", defaultValue = "text", description = "text, csv or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() throws Exception {
        var settings = parent.settings();
        try (PaymentStore store = PaymentStore.open(settings, Messages::outcome, "payments.outcomes")) {
            DailyReport report = new DailyReport(store, ReconcileConfig.from(settings), Path.of("."));
            DailyReport.Report r = report.build(date != null ? date : store.now().toLocalDate());
            switch (format) {
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
                }
            }
            return 0;
        }
    }
}
