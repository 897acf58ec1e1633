package io.asyn2f.core.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The strategy tables of the docs list exactly the registry's strategies, in its order. */
class StrategyDocsTests {

    private static final Pattern FIRST_CELL = Pattern.compile("^\\| `([a-z0-9-]+)` \\|");

    /** The repository root: the nearest folder up from the working directory that holds docs/aggregator-api.md. */
    private static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/aggregator-api.md"))) {
                return dir;
            }
        }
        throw new AssertionError("docs/aggregator-api.md not found above " + Path.of("").toAbsolutePath());
    }

    /** The first-column names of the table whose header row starts with {@code header}. */
    private static List<String> tableNames(Path file, String header) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int start = -1;
        for (int i = 0; i < lines.size() && start < 0; i++) {
            if (lines.get(i).startsWith(header)) {
                start = i + 2;
            }
        }
        assertThat(start).as("a table starting '" + header + "' in " + file).isPositive();
        List<String> names = new ArrayList<>();
        for (int i = start; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            Matcher m = FIRST_CELL.matcher(lines.get(i));
            assertThat(m.find()).as("row " + (i + 1) + " of " + file + " names a strategy").isTrue();
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void shouldListTheRegistrysStrategiesInTheApiDocs() throws IOException {
        assertThat(tableNames(root().resolve("docs/aggregator-api.md"), "| strategy | parameters"))
                .containsExactlyElementsOf(StrategyDefinition.names());
    }

    @Test
    void shouldListTheRegistrysStrategiesInTheReadme() throws IOException {
        assertThat(tableNames(root().resolve("README.md"), "| strategy | server side"))
                .containsExactlyElementsOf(StrategyDefinition.names());
    }
}
