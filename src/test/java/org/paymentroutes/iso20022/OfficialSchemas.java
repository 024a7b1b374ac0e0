package org.paymentroutes.iso20022;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;

/**
 * The official ISO 20022 XSDs, read from {@code ../shared/iso20022/xsd/} beside the checkout (or the
 * first {@code shared/iso20022/xsd} up from it, or {@code -Dshared.dir}). They are never copied into
 * the project. Missing, the tests fail saying so: CI has them.
 */
public final class OfficialSchemas {

    private static final Map<String, Schema> CACHE = new HashMap<>();

    private OfficialSchemas() {
    }

    static Path directory() {
        String configured = System.getProperty("shared.dir");
        if (configured != null) {
            return Path.of(configured, "iso20022", "xsd");
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolveSibling("shared").resolve("iso20022").resolve("xsd");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("The official ISO 20022 schemas are missing: expected ../shared/iso20022/xsd/ beside the checkout "
                + "(or -Dshared.dir=...). These tests validate every pain.001 sample and pain.002 report against them; they are not skipped.");
    }

    static synchronized Schema schema(String messageId) throws Exception {
        Schema s = CACHE.get(messageId);
        if (s == null) {
            Path xsd = directory().resolve(messageId + ".xsd");
            if (!Files.isRegularFile(xsd)) {
                throw new AssertionError("missing official schema " + xsd);
            }
            SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
            s = f.newSchema(xsd.toFile());
            CACHE.put(messageId, s);
        }
        return s;
    }

    /** Throws (with the validator's message) unless {@code xml} is valid against the message's XSD. */
    public static void validate(String messageId, String xml) throws Exception {
        var v = schema(messageId).newValidator();
        v.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        v.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        v.validate(new StreamSource(new StringReader(xml)));
    }
}
