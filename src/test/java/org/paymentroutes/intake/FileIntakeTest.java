package org.paymentroutes.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.paymentroutes.iso20022.Iso20022Config;
import org.paymentroutes.iso20022.Pain001Intake;
import org.paymentroutes.order.OrderParser;
import org.paymentroutes.order.PaymentOrder;

class FileIntakeTest {

    final Pain001Intake reader = new Pain001Intake(Iso20022Config.defaults("fintecture")
            .withAccounts(Map.of("NL91ABNA0417164300", "everifin")), new OrderParser());

    /**
     * Each order of a file goes back on payments.orders as JSON: the JSON intake must read it as the
     * very order the file recorded (same canonical JSON, so same hash: RESUME, never CONFLICT).
     */
    @Test
    void theOrderMessageOfAFileTransactionIsTheSameOrderToTheJsonIntake() throws Exception {
        Pain001Intake.Outcome out = reader.read(Files.readAllBytes(Path.of("samples/pain.001.001.09.xml")), LocalDate.of(2026, 12, 1));
        assertThat(out.accepted()).hasSize(5);
        int sent = 0;
        for (Pain001Intake.Accepted a : out.accepted()) {
            PaymentOrder order = a.order();
            if (FileIntake.awaitsAuthorization(order)) {
                assertThat(order.provider()).isEqualTo("everifin");
                continue;
            }
            sent++;
            OrderParser.Result again = new OrderParser().parse(FileIntake.orderMessage(order).getBytes(StandardCharsets.UTF_8));
            assertThat(again.problems()).isEmpty();
            assertThat(Intake.canonicalJson(again.order())).isEqualTo(Intake.canonicalJson(order));
        }
        assertThat(sent).isEqualTo(3);
    }
}
