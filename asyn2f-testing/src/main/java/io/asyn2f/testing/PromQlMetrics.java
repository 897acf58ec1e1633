package io.asyn2f.testing;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The series PromQL queries (dashboards, alert rules) refer to, so a test can hold them against what the services
 * export: every {@code asyn2f_} name, and the {@code jvm_} and {@code process_} ones Micrometer exports, sorted. Label
 * names never match.
 */
public final class PromQlMetrics {

    private static final Pattern METRIC = Pattern.compile("\\b(?:asyn2f|jvm|process)_[a-zA-Z0-9_]+");

    private PromQlMetrics() {
    }

    public static Set<String> namesIn(Collection<String> queries) {
        Set<String> names = new TreeSet<>();
        for (String query : queries) {
            Matcher matcher = METRIC.matcher(query);
            while (matcher.find()) {
                names.add(matcher.group());
            }
        }
        return names;
    }
}
