package org.paymentroutes.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-order corpus (src/test/resources/bad-orders, indexed by expected.tsv): hostile or broken
 * orders, each of which the parser must refuse, naming the field and why, without ever throwing.
 * The same corpus goes through the whole bundle in {@code BadOrderCorpusE2ETest}.
 */
public class BadOrderCorpusTest {

    /** Where the corpus lives, relative to the module (tests run from its base directory). */
    public static final Path DIR = Path.of("src/test/resources/bad-orders");

    /** One corpus case: the file, its bytes, and the field and reason substring some problem must have. */
    public record Case(String file, byte[] bytes, String field, String reason) {

        /** The bytes as text, when they are valid UTF-8 (such a case travels as a JMS TextMessage). */
        public Optional<String> utf8() {
            try {
                return Optional.of(StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString());
            } catch (CharacterCodingException e) {
                return Optional.empty();
            }
        }

        @Override
        public String toString() {
            return file;
        }
    }

    /** Every case of expected.tsv, in file order. */
    public static List<Case> corpus() {
        try {
            List<Case> cases = new ArrayList<>();
            for (String line : Files.readAllLines(DIR.resolve("expected.tsv"), StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split("\t", -1);
                if (columns.length != 3 || columns[0].isBlank() || columns[1].isBlank() || columns[2].isBlank()) {
                    throw new IllegalStateException("expected.tsv: not file<TAB>field<TAB>reason-substring: " + line);
                }
                cases.add(new Case(columns[0], Files.readAllBytes(DIR.resolve(columns[0])), columns[1], columns[2]));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Case> cases() {
        return corpus().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithTheFieldAndReasonNamed(Case c) {
        // A thrown exception (or a parser stuck on the input) fails the case.
        OrderParser.Result result = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> new OrderParser().parse(c.bytes()));

        assertThat(result.valid()).as("%s must be refused", c.file()).isFalse();
        assertThat(result.order()).isNull();
        assertThat(result.problems()).as("%s: problems", c.file()).isNotEmpty().allSatisfy(p -> {
            assertThat(p.field()).as("%s: a problem without a field: %s", c.file(), p).isNotBlank();
            assertThat(p.reason()).as("%s: a problem without a reason: %s", c.file(), p).isNotBlank();
        });
        assertThat(result.problems())
                .as("%s: some problem must name field '%s' with a reason containing '%s'", c.file(), c.field(), c.reason())
                .anyMatch(p -> p.field().equals(c.field()) && p.reason().contains(c.reason()));
    }

    @Test
    void theCorpusHasAtLeastOneHundredCases() {
        assertThat(corpus()).hasSizeGreaterThanOrEqualTo(100);
    }

    @Test
    void everyFileIsListedOnceAndEveryListedFileExists() throws IOException {
        List<String> listed = corpus().stream().map(Case::file).toList();
        List<String> files;
        try (Stream<Path> s = Files.list(DIR)) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("expected.tsv")).toList();
        }
        assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(files);
        assertThat(listed).allSatisfy(name -> assertThat(name).matches("\\d{3}-[A-Za-z0-9-]+\\.(json|bin)"));
        // .json means UTF-8 text; bytes in any other encoding are .bin.
        assertThat(corpus()).filteredOn(c -> c.file().endsWith(".json"))
                .allSatisfy(c -> assertThat(c.utf8()).as("%s is not UTF-8: name it .bin", c.file()).isPresent());
    }
}
