package org.paymentroutes.cli;

import java.util.concurrent.Callable;
import org.paymentroutes.app.PaymentRoutesApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Start the bundle.",
                "Without payments.broker.url it starts an embedded, persistent Artemis broker (journal under payments.data-dir)"
                        + " listening on payments.broker.listen, so an ERP, `submit` and `watch` can reach it."})
final class RunCommand implements Callable<Integer> {

    @ParentCommand
    PaymentRoutesCli parent;

    @Override
    public Integer call() throws Exception {
        PaymentRoutesApp app = PaymentRoutesApp.start(parent.settings());
        System.out.println("payment-routes is running (broker " + app.brokerUrl() + "). Ctrl-C stops it.");
        app.awaitShutdown();
        return 0;
    }
}
