package org.paymentroutes.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.StringReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.apache.activemq.artemis.core.deployers.impl.FileConfigurationParser;
import org.apache.activemq.artemis.utils.XMLUtil;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

/**
 * Validates artemis/broker.xml against the Artemis 2.44 schema shipped in artemis-server, the way
 * Artemis does: placeholders are substituted in the raw text first, then the core element is
 * validated. Done for the defaults and for the values README.md tells a standalone broker to use.
 */
class BrokerXmlSchemaTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    @Test
    void validWithDefaults() throws Exception {
        validate(XMLUtil.replaceSystemPropsInString(brokerXml()));
    }

    @Test
    void validWithStandaloneProductionValues() throws Exception {
        try (SystemProperties production = SystemProperties.set(Map.of(
                "payments.broker.host", "0.0.0.0",
                "payments.broker.protocols", "CORE,AMQP",
                "payments.broker.journal-type", "ASYNCIO",
                "payments.broker.security-enabled", "true",
                "payments.broker.global-max-size", "1G",
                "payments.broker.critical-analyzer-policy", "HALT"))) {
            validate(XMLUtil.replaceSystemPropsInString(brokerXml()));
        }
    }

    /**
     * The pair's brokers (artemis/pair.sh): broker.xml with ha-primary.xml or ha-backup.xml before
     * the end of core, tokens filled as the script fills them. Valid against the 2.44 schema, and
     * Artemis' own parser reads a replication primary that checks for an active server on restart,
     * a backup that fails back, and a cluster connection to the peer.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"primary", "backup"})
    void thePairsConfigurationIsValidAndReplicated(String role) throws Exception {
        String fragment = Files.readString(Path.of("artemis/ha-" + role + ".xml"))
                .replace("@SELF@", "127.0.0.1:61616").replace("@PEER@", "127.0.0.1:61617").replace("@CLUSTER_PASSWORD@", "secret");
        String xml = XMLUtil.replaceSystemPropsInString(brokerXml().replace("</core>", fragment + "</core>"));
        validate(xml);

        org.apache.activemq.artemis.core.config.impl.ConfigurationImpl config = new org.apache.activemq.artemis.core.config.impl.ConfigurationImpl();
        Element core = (Element) DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(xml))).getElementsByTagNameNS("urn:activemq:core", "core").item(0);
        new FileConfigurationParser().parseMainConfig(core, config);
        assertThat(config.getClusterConfigurations()).singleElement().satisfies(c -> {
            assertThat(c.getStaticConnectors()).containsExactly("peer");
            assertThat(c.getConnectorName()).isEqualTo("self");
        });
        assertThat(config.getClusterPassword()).isEqualTo("secret");
        if (role.equals("primary")) {
            assertThat(config.getHAPolicyConfiguration()).isInstanceOfSatisfying(
                    org.apache.activemq.artemis.core.config.ha.ReplicatedPolicyConfiguration.class,
                    primary -> assertThat(primary.isCheckForActiveServer()).isTrue());
        } else {
            assertThat(config.getHAPolicyConfiguration()).isInstanceOfSatisfying(
                    org.apache.activemq.artemis.core.config.ha.ReplicaPolicyConfiguration.class,
                    backup -> assertThat(backup.isAllowFailBack()).isTrue());
        }
        // Everything else is the one broker.xml: the same queues and security as the embedded broker.
        assertThat(config.getAddressConfigurations()).hasSizeGreaterThan(10);
        assertThat(config.getSecurityRoles()).containsKeys("payments.orders", "payments.outcomes");
    }

    @Test
    void everyPlaceholderIsAPaymentsBrokerPropertyWithADefault() throws Exception {
        Matcher placeholders = PLACEHOLDER.matcher(brokerXml());
        int count = 0;
        while (placeholders.find()) {
            count++;
            assertThat(placeholders.group(1)).matches("payments\\.broker\\.[a-z-]+:.+");
        }
        assertThat(count).isGreaterThan(10);
    }

    @Test
    void theJarCarriesTheSameFile() throws Exception {
        Path source = Path.of("artemis/broker.xml");
        if (Files.exists(source)) { // run from the project directory: compare with the copied resource
            assertThat(classpathBrokerXml()).isEqualTo(Files.readString(source));
        }
    }

    private static void validate(String substituted) throws Exception {
        assertThat(substituted).doesNotContain("${");
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document document = factory.newDocumentBuilder().parse(new InputSource(new StringReader(substituted)));
        Element root = document.getDocumentElement();
        assertThat(root.getNamespaceURI()).isEqualTo("urn:activemq");
        assertThat(root.getLocalName()).isEqualTo("configuration");
        Element core = (Element) root.getElementsByTagNameNS("urn:activemq:core", "core").item(0);
        assertThat(core).as("<core xmlns=\"urn:activemq:core\">").isNotNull();

        // The schema from the artemis-server jar itself (its relative import of xml.xsd resolves inside the jar).
        URL xsd = FileConfigurationParser.class.getClassLoader().getResource("schema/artemis-configuration.xsd");
        assertThat(xsd).isNotNull();
        assertThat(xsd.toString()).contains("artemis-server-2.44.0");
        Schema schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(xsd);
        schema.newValidator().validate(new DOMSource(core));
    }

    private static String brokerXml() throws Exception {
        Path source = Path.of("artemis/broker.xml");
        return Files.exists(source) ? Files.readString(source) : classpathBrokerXml();
    }

    private static String classpathBrokerXml() throws Exception {
        try (InputStream in = BrokerXmlSchemaTest.class.getClassLoader().getResourceAsStream(EmbeddedBroker.CONFIG_RESOURCE)) {
            assertThat(in).as("classpath " + EmbeddedBroker.CONFIG_RESOURCE).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
