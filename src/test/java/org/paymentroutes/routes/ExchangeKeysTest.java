package org.paymentroutes.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The YAML routes spell exchange property and header names the beans read through
 * {@link ExchangeKeys}: a name a route uses that is not declared there is a typo or an undocumented
 * key, and fails here. Enum constants a route compares with ({@code ${type:...}}) must exist.
 */
class ExchangeKeysTest {

    private static final Pattern PROPERTY_READ = Pattern.compile("\\$\\{exchangeProperty\\.(\\w+)");
    private static final Pattern HEADER_READ = Pattern.compile("\\$\\{(?:in\\.)?headers?\\.(\\w+)");
    private static final Pattern PROPERTY_SET = Pattern.compile("(?:setProperty|removeProperty):\\s*\\n\\s*name:\\s*\"?(\\w+)");
    private static final Pattern HEADER_SET = Pattern.compile("(?:setHeader|removeHeader):\\s*\\n\\s*name:\\s*\"?(\\w+)");
    private static final Pattern HEADER_EXPRESSION = Pattern.compile("^\\s*header:\\s*\"?(\\w+)", Pattern.MULTILINE);
    private static final Pattern TYPE_CONSTANT = Pattern.compile("\\$\\{type:([\\w.]+)\\.(\\w+)}");

    private static Set<String> declared() throws IllegalAccessException {
        Set<String> names = new TreeSet<>();
        for (Field f : ExchangeKeys.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                names.add((String) f.get(null));
            }
        }
        return names;
    }

    private static String routes() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".camel.yaml")).sorted().toList()) {
                all.append(Files.readString(f)).append('\n');
            }
        }
        return all.toString();
    }

    static Set<String> used(String yaml) {
        Set<String> names = new TreeSet<>();
        for (Pattern p : new Pattern[] {PROPERTY_READ, HEADER_READ, PROPERTY_SET, HEADER_SET, HEADER_EXPRESSION}) {
            Matcher m = p.matcher(yaml);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    @Test
    void everyPropertyAndHeaderTheRoutesUseIsDeclared() throws Exception {
        Set<String> used = used(routes());
        assertThat(used).as("names found in routes/*.camel.yaml").contains("orderId", "decision", "answer", "JMSCorrelationID",
                "CamelHttpResponseCode", "JMSXDeliveryCount", "source");
        assertThat(declared()).containsAll(used);
    }

    @Test
    void theScanFindsEachKindOfUse() {
        String yaml = """
                - setProperty:
                    name: someProperty
                - setHeader:
                    name: someHeader
                - setProperty:
                    name: copied
                    header: someJmsHeader
                - filter:
                    simple: "${exchangeProperty.readProperty} == true && ${header.readHeader} > 1"
                """;
        assertThat(used(yaml)).containsExactlyInAnyOrder("someProperty", "someHeader", "copied", "someJmsHeader", "readProperty",
                "readHeader");
    }

    @Test
    void everyEnumConstantTheRoutesCompareWithExists() throws Exception {
        Matcher m = TYPE_CONSTANT.matcher(routes());
        int found = 0;
        while (m.find()) {
            Class<?> type = Class.forName(m.group(1));
            assertThat(type.getField(m.group(2)).getType()).as(m.group()).isEqualTo(type);
            found++;
        }
        assertThat(found).isGreaterThanOrEqualTo(5);
    }
}
