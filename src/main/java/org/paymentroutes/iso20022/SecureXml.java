package org.paymentroutes.iso20022;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads an XML message from outside into a tree, hostile-input first: a size bound before anything
 * is parsed, strict UTF-8 (the encoding ERPs and banks agree on for pain.001), no DTD at all (so no
 * external entity, no entity expansion, no external schema fetched), bounded depth, element count
 * and text length. The JDK's own StAX reader: nothing added to the jar.
 */
final class SecureXml {

    /** Bounds of one file. */
    record Limits(int maxBytes, int maxDepth, int maxElements, int maxTextChars) {
    }

    private static final Pattern DECLARED_ENCODING = Pattern.compile("\\A<\\?xml[^>]*?encoding\\s*=\\s*[\"']([^\"']*)[\"']");
    private static final XMLInputFactory FACTORY = factory();

    private SecureXml() {
    }

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        f.setXMLResolver((publicId, systemId, base, ns) -> {
            throw new XMLStreamException("external resources are refused");
        });
        return f;
    }

    /** The root element; every element is in {@code namespace} once the root's namespace is known (checked by the caller). */
    static XmlNode read(byte[] body, Limits limits) throws FileRefusedException {
        if (body == null || body.length == 0) {
            throw new FileRefusedException(Refusal.EMPTY, "no bytes");
        }
        if (body.length > limits.maxBytes()) {
            throw new FileRefusedException(Refusal.TOO_LARGE, body.length + " bytes; the limit is " + limits.maxBytes());
        }
        String text = utf8(body);
        Matcher m = DECLARED_ENCODING.matcher(text);
        if (m.find() && !m.group(1).toUpperCase(Locale.ROOT).replace("_", "-").equals("UTF-8")) {
            throw new FileRefusedException(Refusal.WRONG_ENCODING, "declared " + safe(m.group(1)));
        }
        XMLStreamReader r = null;
        try {
            r = FACTORY.createXMLStreamReader(new StringReader(text));
            return tree(r, limits);
        } catch (XMLStreamException | RuntimeException e) {
            String why = e.getMessage() == null ? "unreadable" : e.getMessage().lines().reduce((a, b) -> b).orElse("unreadable");
            throw new FileRefusedException(Refusal.NOT_WELL_FORMED, safe(why));
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing held beyond the string
                }
            }
        }
    }

    private static XmlNode tree(XMLStreamReader r, Limits limits) throws XMLStreamException, FileRefusedException {
        Deque<XmlNode> open = new ArrayDeque<>();
        XmlNode root = null;
        String namespace = null;
        int elements = 0;
        while (r.hasNext()) {
            int event = r.next();
            switch (event) {
                case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE, XMLStreamConstants.ENTITY_DECLARATION,
                     XMLStreamConstants.NOTATION_DECLARATION ->
                        throw new FileRefusedException(Refusal.DTD_REFUSED, "a DOCTYPE or entity is present");
                case XMLStreamConstants.START_ELEMENT -> {
                    if (++elements > limits.maxElements()) {
                        throw new FileRefusedException(Refusal.TOO_MANY_ELEMENTS, "more than " + limits.maxElements() + " elements");
                    }
                    if (open.size() >= limits.maxDepth()) {
                        throw new FileRefusedException(Refusal.TOO_DEEP, "deeper than " + limits.maxDepth() + " levels");
                    }
                    String ns = r.getNamespaceURI() == null ? "" : r.getNamespaceURI();
                    XmlNode parent = open.peek();
                    String path = parent == null ? r.getLocalName() : parent.path + "/" + r.getLocalName();
                    if (parent == null) {
                        namespace = ns;
                    } else if (!ns.equals(namespace) && !insideAny(parent)) {
                        throw new FileRefusedException(Refusal.SCHEMA, path + " is in another namespace");
                    }
                    if (parent != null && !parent.text.toString().isBlank()) {
                        throw new FileRefusedException(Refusal.SCHEMA, parent.path + " mixes text and elements");
                    }
                    Map<String, String> attributes = new HashMap<>();
                    for (int i = 0; i < r.getAttributeCount(); i++) {
                        String ans = r.getAttributeNamespace(i);
                        // xsi:schemaLocation and the like are hints we never follow; the rest is data.
                        if (ans == null || ans.isEmpty()) {
                            attributes.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
                        }
                    }
                    XmlNode node = new XmlNode(r.getLocalName(), path, attributes);
                    node.namespace = ns;
                    if (parent == null) {
                        root = node;
                    } else {
                        parent.children.add(node);
                    }
                    open.push(node);
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    XmlNode node = open.peek();
                    if (node == null) {
                        break;
                    }
                    if (node.text.length() + r.getTextLength() > limits.maxTextChars()) {
                        throw new FileRefusedException(Refusal.TEXT_TOO_LONG, node.path + " is longer than " + limits.maxTextChars() + " characters");
                    }
                    if (!node.children.isEmpty() && !r.isWhiteSpace()) {
                        throw new FileRefusedException(Refusal.SCHEMA, node.path + " mixes text and elements");
                    }
                    if (node.children.isEmpty()) {
                        node.text.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    XmlNode done = open.pop();
                    if (!done.children.isEmpty()) {
                        done.text.setLength(0);
                    }
                }
                default -> {
                    // comments and processing instructions carry nothing we read
                }
            }
        }
        if (root == null) {
            throw new FileRefusedException(Refusal.NOT_WELL_FORMED, "no root element");
        }
        return root;
    }

    /** Inside SplmtryData/Envlp the schema allows any element of any namespace. */
    private static boolean insideAny(XmlNode parent) {
        return parent.path.contains("/SplmtryData/");
    }

    private static String utf8(byte[] body) throws FileRefusedException {
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (CharacterCodingException e) {
            throw new FileRefusedException(Refusal.NOT_UTF8, "malformed UTF-8 bytes");
        }
    }

    /** Text from the input, made safe for a log or a report. */
    static String safe(String s) {
        String clean = s.replaceAll("[\\p{Cntrl}\\p{Cf}]", "?");
        return clean.length() > 80 ? clean.substring(0, 80) + "..." : clean;
    }
}
