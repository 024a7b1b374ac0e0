package org.paymentroutes.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every document a comment cites is one of this repository's (docs/*.md), and every anchor it
 * names is one of that document's headings; no comment cites the design notes that lived outside it.
 */
class DocumentLinksTest {

    static final Pattern CITATION = Pattern.compile("docs/([A-Za-z0-9_-]+\\.md)(#[a-z0-9-]+)?");
    static final Pattern OUTSIDE = Pattern.compile("providers\\.md|camel-notes\\.md|seed page|(?<!docs/)architecture\\.md");

    static List<Path> sources() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String root : List.of("src", "routes", "artemis")) {
            try (Stream<Path> walk = Files.walk(Path.of(root))) {
                walk.filter(Files::isRegularFile).filter(p -> p.toString().matches(".*\\.(java|yaml|xml|properties|sql)$"))
                        .forEach(files::add);
            }
        }
        return files;
    }

    /** GitHub's anchors: lower case, punctuation dropped, spaces to dashes. */
    static Set<String> anchors(Path doc) throws IOException {
        Set<String> out = new HashSet<>();
        for (String line : Files.readAllLines(doc, StandardCharsets.UTF_8)) {
            if (line.startsWith("#")) {
                String title = line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT);
                out.add(title.replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
            }
        }
        return out;
    }

    @Test
    void everyCitedDocumentAndAnchorExists() throws IOException {
        List<String> broken = new ArrayList<>();
        int citations = 0;
        for (Path file : sources()) {
            // Latin-1 reads any byte: the test corpora hold deliberately broken encodings.
            String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            Matcher m = CITATION.matcher(text);
            while (m.find()) {
                citations++;
                Path doc = Path.of("docs", m.group(1));
                if (!Files.exists(doc)) {
                    broken.add(file + ": " + m.group());
                } else if (m.group(2) != null && !anchors(doc).contains(m.group(2).substring(1))) {
                    broken.add(file + ": " + m.group() + " (no such heading)");
                }
            }
            Matcher outside = OUTSIDE.matcher(text);
            if (outside.find() && !file.toString().endsWith("DocumentLinksTest.java")) {
                broken.add(file + ": cites '" + outside.group() + "', which is not in this repository");
            }
        }
        assertThat(citations).as("citations found").isGreaterThan(5);
        assertThat(broken).isEmpty();
    }
}
