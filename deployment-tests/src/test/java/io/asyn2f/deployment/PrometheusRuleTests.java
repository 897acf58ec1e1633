package io.asyn2f.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyn2f.testing.Promtool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The chart's alert rules under Prometheus's own tools. The rules stay in one place, the Helm template
 * (templates/metrics/prometheusrule.yaml): this test renders the chart as a user with the Prometheus operator would
 * (ci/monitoring-values.yaml, namespace {@value Chart#NAMESPACE}), writes the PrometheusRule's {@code spec.groups} to
 * {@code target/promtool/rules.yaml}, and runs {@code promtool check rules} on it and {@code promtool test rules} on
 * each unit-test file of helm/asyn2f/tests/prometheus/ (one per alert group, {@code <group>.test.yaml}, whose
 * {@code rule_files} is {@code rules.yaml}). It needs promtool on the PATH (Debian package {@code prometheus}).
 */
class PrometheusRuleTests {

    private static final Path TESTS = Chart.chartDir().resolve("tests/prometheus");
    private static final String TEST_SUFFIX = ".test.yaml";

    private static Path work;
    private static List<Map<String, Object>> groups;

    @BeforeAll
    static void renderTheRules() throws IOException {
        groups = renderedGroups();
        // Beside the build's tmpdir (target/tmp): target/promtool.
        work = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().resolveSibling("promtool");
        Files.createDirectories(work);
        DumperOptions block = new DumperOptions();
        block.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Files.writeString(work.resolve("rules.yaml"), new Yaml(block).dump(Map.of("groups", groups)));
        try (Stream<Path> files = Files.list(TESTS)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(TEST_SUFFIX)).toList()) {
                Files.copy(file, work.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void shouldBeValidRulesForPromtool() {
        Promtool.Result result = Promtool.run(work, "check", "rules", "rules.yaml");

        assertThat(result.exitCode()).as("promtool check rules on the rendered PrometheusRule:%n%s", result.output())
                .isZero();
    }

    @Test
    void shouldPassEveryAlertGroupsUnitTests() {
        for (Map<String, Object> group : groups) {
            String file = group.get("name") + TEST_SUFFIX;
            assertThat(TESTS.resolve(file)).as("unit tests of alert group %s", group.get("name")).exists();

            Promtool.Result result = Promtool.run(work, "test", "rules", file);

            assertThat(result.exitCode()).as("promtool test rules %s:%n%s", file, result.output()).isZero();
        }
    }

    @Test
    void shouldTestEveryAlertFiringAndHaveNoTestsOfGroupsThatAreGone() throws IOException {
        Set<String> groupFiles = new TreeSet<>();
        for (Map<String, Object> group : groups) {
            groupFiles.add(group.get("name") + TEST_SUFFIX);
            Set<String> alerts = new TreeSet<>();
            for (Map<String, Object> rule : maps(group.get("rules"))) {
                if (rule.containsKey("alert")) {
                    alerts.add((String) rule.get("alert"));
                }
            }
            Set<String> firing = firingInTests(TESTS.resolve(group.get("name") + TEST_SUFFIX));
            assertThat(firing).as("alerts of group %s with a test case in which they fire", group.get("name"))
                    .containsAll(alerts);
        }
        try (Stream<Path> files = Files.list(TESTS)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(TEST_SUFFIX)))
                    .as("test files in %s, one per alert group", TESTS).containsExactlyInAnyOrderElementsOf(groupFiles);
        }
    }

    /** The alert names some test case of {@code file} expects to fire. */
    private static Set<String> firingInTests(Path file) throws IOException {
        Map<String, Object> tests = new Yaml().load(Files.readString(file));
        Set<String> firing = new TreeSet<>();
        for (Map<String, Object> test : maps(tests.get("tests"))) {
            for (Map<String, Object> alertTest : maps(test.get("alert_rule_test"))) {
                if (!maps(alertTest.get("exp_alerts")).isEmpty()) {
                    firing.add((String) alertTest.get("alertname"));
                }
            }
        }
        return firing;
    }

    /** spec.groups of the PrometheusRule the chart renders with monitoring enabled. */
    private static List<Map<String, Object>> renderedGroups() {
        String rendered = Chart.template(List.of(Chart.ciValues("monitoring")), Map.of());
        List<Map<String, Object>> found = new ArrayList<>();
        for (Object document : new Yaml().loadAll(rendered)) {
            if (document instanceof Map<?, ?> manifest && "PrometheusRule".equals(manifest.get("kind"))) {
                Map<?, ?> spec = (Map<?, ?>) manifest.get("spec");
                found.addAll(maps(spec.get("groups")));
            }
        }
        assertThat(found).as("alert groups of the rendered PrometheusRule").isNotEmpty();
        return found;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object list) {
        if (list == null) {
            return List.of();
        }
        List<Map<String, Object>> maps = new ArrayList<>();
        for (Object item : (List<Object>) list) {
            maps.add(new LinkedHashMap<>((Map<String, Object>) item));
        }
        return maps;
    }
}
