package io.asyn2f.deployment;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The umbrella chart under helm/asyn2f, rendered offline with the Helm embedded in helm-java. */
final class Chart {

    static final String RELEASE = "fl";
    static final String NAMESPACE = "asyn2f";
    /** Helm's offline default is v1.20; render for a current cluster (the chart needs >= 1.27). */
    static final String KUBE_VERSION = "v1.31.0";

    static {
        // helm-java unpacks its native library into java.io.tmpdir; the build points that into target/.
        try {
            Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Chart() {
    }

    static Path projectRoot() {
        return Path.of(System.getProperty("asyn2f.root", "..")).toAbsolutePath().normalize();
    }

    static Path chartDir() {
        return projectRoot().resolve("helm/asyn2f");
    }

    /** A values file shipped with the chart for CI (helm/asyn2f/ci/NAME-values.yaml). */
    static Path ciValues(String name) {
        return chartDir().resolve("ci").resolve(name + "-values.yaml");
    }

    static Helm helm() {
        return new Helm(chartDir());
    }

    /** Renders the chart; throws with Helm's message when a template fails or the values break the schema. */
    static String template(List<Path> valuesFiles, Map<String, Object> sets) {
        TemplateCommand command = helm().template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        valuesFiles.forEach(command::withValuesFile);
        sets.forEach(command::set);
        return command.call();
    }

    static Manifests render(Path... valuesFiles) {
        return Manifests.parse(template(List.of(valuesFiles), Map.of()));
    }

    static Manifests render(Map<String, Object> sets, Path... valuesFiles) {
        return Manifests.parse(template(List.of(valuesFiles), sets));
    }
}
