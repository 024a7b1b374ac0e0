package org.paymentroutes.sandbox.everifin;

import java.util.List;
import java.util.function.Function;

/**
 * One Everifin InputObject: {@code type} (TEXT, PASSWORD, BOOLEAN, SELECT, IMAGE_SCAN, IBAN) and
 * {@code name}; SELECT fields get their {@code selectOptions} and IMAGE_SCAN fields their
 * {@code image} from the payment when the step is issued.
 *
 * @param options for SELECT, the options offered to this payment's payer; null for other types
 */
record InputField(String type, String name, Function<PaymentState, List<SelectOption>> options) {

    /** One Everifin SelectObject. */
    record SelectOption(String name, String value) {
    }

    static InputField text(String name) {
        return new InputField("TEXT", name, null);
    }

    static InputField password(String name) {
        return new InputField("PASSWORD", name, null);
    }

    static InputField bool(String name) {
        return new InputField("BOOLEAN", name, null);
    }

    static InputField iban(String name) {
        return new InputField("IBAN", name, null);
    }

    static InputField imageScan(String name) {
        return new InputField("IMAGE_SCAN", name, null);
    }

    static InputField select(String name, Function<PaymentState, List<SelectOption>> options) {
        return new InputField("SELECT", name, options);
    }
}
