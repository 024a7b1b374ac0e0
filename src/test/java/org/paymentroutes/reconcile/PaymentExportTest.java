package org.paymentroutes.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The export's CSV: the columns in their order, and fields from the ERP that a spreadsheet would run or split. */
class PaymentExportTest {

    @Test
    void fieldsAreQuotedAndFormulasNeutralized() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("order_id", "A-1");
        row.put("communication", "=HYPERLINK(\"x\"),1");
        row.put("amount", "-12.50");
        assertThat(PaymentExport.csv(List.of(row), "order_id,amount,communication,missing"))
                .isEqualTo("order_id,amount,communication,missing\nA-1,-12.50,\"'=HYPERLINK(\"\"x\"\"),1\",\n");
    }
}
