package org.paymentroutes.iso20022;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One element of a parsed message: its local name, its attributes, its text (leaf) or its children, and its path for errors. */
final class XmlNode {
    final String name;
    final String path;
    String namespace;
    final Map<String, String> attributes;
    final List<XmlNode> children = new ArrayList<>();
    final StringBuilder text = new StringBuilder();

    XmlNode(String name, String path, Map<String, String> attributes) {
        this.name = name;
        this.path = path;
        this.attributes = attributes;
    }

    /** The first child of that name, or null. */
    XmlNode child(String childName) {
        for (XmlNode c : children) {
            if (c.name.equals(childName)) {
                return c;
            }
        }
        return null;
    }

    List<XmlNode> all(String childName) {
        List<XmlNode> out = new ArrayList<>();
        for (XmlNode c : children) {
            if (c.name.equals(childName)) {
                out.add(c);
            }
        }
        return out;
    }

    String text() {
        return text.toString();
    }
}
