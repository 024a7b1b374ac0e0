package org.paymentroutes.iso20022;

import java.util.ArrayList;
import java.util.List;

/**
 * The content model of one schema type we read: its child elements in sequence order with their
 * cardinality (or a choice of one of them). Written from the official XSD's types (their names are
 * in {@link Pain001Reader}), and checked against it by the tests, which validate samples with the
 * XSDs themselves.
 */
final class Shape {
    private record Part(String name, int min, int max) {
    }

    private final List<Part> parts = new ArrayList<>();
    private final boolean choice;

    private Shape(boolean choice, String... spec) {
        this.choice = choice;
        for (String s : spec) {
            char last = s.charAt(s.length() - 1);
            String name = Character.isLetter(last) ? s : s.substring(0, s.length() - 1);
            int min = last == '?' || last == '*' ? 0 : 1;
            int max = last == '*' || last == '+' ? Integer.MAX_VALUE : 1;
            parts.add(new Part(name, min, max));
        }
    }

    /** A sequence: {@code Name} once, {@code Name?} optional, {@code Name*} any number, {@code Name+} at least one. */
    static Shape sequence(String... spec) {
        return new Shape(false, spec);
    }

    /** Exactly one of the names. */
    static Shape choice(String... names) {
        return new Shape(true, names);
    }

    /** Throws SCHEMA naming the first child out of place, repeated, unknown or missing. */
    void check(XmlNode node) throws FileRefusedException {
        if (choice) {
            if (node.children.size() != 1 || parts.stream().noneMatch(p -> p.name.equals(node.children.get(0).name))) {
                throw schema(node.path + " must hold exactly one of " + parts.stream().map(Part::name).toList());
            }
            return;
        }
        int at = 0;
        int count = 0;
        for (XmlNode c : node.children) {
            while (at < parts.size() && !parts.get(at).name.equals(c.name)) {
                if (count < parts.get(at).min) {
                    throw schema(node.path + "/" + parts.get(at).name + " is missing");
                }
                at++;
                count = 0;
            }
            if (at == parts.size()) {
                throw schema(c.path + " is not expected here");
            }
            if (++count > parts.get(at).max) {
                throw schema(c.path + " is repeated");
            }
        }
        for (; at < parts.size(); at++, count = 0) {
            if (count < parts.get(at).min) {
                throw schema(node.path + "/" + parts.get(at).name + " is missing");
            }
        }
    }

    static FileRefusedException schema(String detail) {
        return new FileRefusedException(Refusal.SCHEMA, detail);
    }
}
