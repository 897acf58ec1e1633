package io.asyn2f.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The images copy jars that the reactor really builds, run as non-root and report health; compose wires them up. */
class DockerfileTests {

    private static final Pattern JAR_COPY = Pattern.compile("^COPY\\s+([\\w-]+)/target/([\\w-]+)-\\*-(\\w+)\\.jar\\s+\\S+",
            Pattern.MULTILINE);
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern ARTIFACT_ID = Pattern.compile(
            "</parent>.*?<artifactId>([^<]+)</artifactId>", Pattern.DOTALL);

    static Path dockerDir() {
        return Chart.projectRoot().resolve("docker");
    }

    static Stream<Path> dockerfiles() throws IOException {
        try (Stream<Path> files = Files.walk(dockerDir())) {
            return files.filter(p -> p.getFileName().toString().startsWith("Dockerfile")).sorted().toList().stream();
        }
    }

    private static Set<String> rootModules() throws IOException {
        Matcher matcher = MODULE.matcher(rootPom());
        List<String> modules = new ArrayList<>();
        while (matcher.find()) {
            modules.add(matcher.group(1).strip());
        }
        return Set.copyOf(modules);
    }

    @Test
    void shouldHaveOneImageForTheModulesAndOneForTheGpuWorker() throws IOException {
        assertThat(dockerfiles().map(p -> dockerDir().relativize(p).toString().replace('\\', '/')))
                .containsExactlyInAnyOrder("Dockerfile", "Dockerfile.cuda");
    }

    @Test
    void shouldCopyTheExecutableJarOfTheModuleNamedByItsBuildArgument() throws IOException {
        String content = Files.readString(dockerDir().resolve("Dockerfile"));

        // No default: a build without MODULE copies nothing and fails.
        assertThat(content).containsPattern("(?m)^ARG MODULE$").containsPattern("(?m)^ARG PORT$")
                .containsPattern("(?m)^COPY \\$\\{MODULE}/target/\\$\\{MODULE}-\\*-exec\\.jar app\\.jar$")
                .contains("ENV SERVER_PORT=${PORT}").containsPattern("(?m)^EXPOSE \\$\\{PORT}$");
        assertThat(rootPom()).contains("<classifier>exec</classifier>");
    }

    @Test
    void shouldCopyTheCudaWorkerJarOfAModuleTheReactorBuilds() throws IOException {
        Matcher copy = JAR_COPY.matcher(Files.readString(dockerDir().resolve("Dockerfile.cuda")));

        assertThat(copy.find()).as("Dockerfile.cuda copies <module>/target/<artifactId>-*-<classifier>.jar").isTrue();
        assertThat(copy.group(1)).isEqualTo("worker-agent");
        // Only the executable jar may match: it carries the classifier the root pom gives spring-boot-maven-plugin.
        assertThat(rootPom()).contains("<classifier>" + copy.group(3) + "</classifier>");
        assertThat(copy.group(2)).as("jar name prefix = artifactId of worker-agent")
                .isEqualTo(artifactId("worker-agent"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldBuildEveryComposeImageFromAModuleTheReactorBuildsOnItsOwnPort() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(dockerDir().resolve("compose.yaml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        Set<String> built = new HashSet<>();

        for (Map<String, Object> service : services.values()) {
            if (service.get("build") instanceof Map<?, ?> build
                    && "docker/Dockerfile".equals(build.get("dockerfile"))) {
                Map<String, String> args = (Map<String, String>) build.get("args");
                String module = args.get("MODULE");
                assertThat(rootModules()).as("modules of the root pom").contains(module);
                // The jar name is ${MODULE}-*-exec.jar: the module's directory must be its artifactId.
                assertThat(artifactId(module)).isEqualTo(module);
                assertThat(args.get("PORT")).as("server.port of " + module).isEqualTo(serverPort(module));
                assertThat(args.getOrDefault("CDS_TRAINING", "true")).as(module)
                        .isEqualTo(module.equals("worker-agent") ? "false" : "true");
                built.add(module);
            }
        }
        assertThat(built).containsExactlyInAnyOrder("registry-service", "storage-gateway", "aggregator-service",
                "worker-agent");
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void shouldRunALayeredJarAsNonRootWithAHealthCheck(Path dockerfile) throws IOException {
        String content = Files.readString(dockerfile);

        if (dockerfile.getFileName().toString().equals("Dockerfile")) {
            // Class data sharing maps classes from jar files: app.jar with lib/ beside it, trained at build time.
            assertThat(content).contains("java -Djarmode=tools -jar app.jar extract --layers --destination extracted")
                    .doesNotContain("--launcher")
                    .containsPattern("(?m)^ARG CDS_TRAINING=true$")
                    .containsPattern("(?m)^RUN if \\[ \"\\$CDS_TRAINING\" = true ]; then cds-training app.jar; fi$")
                    .contains("ENTRYPOINT [\"java\", \"-XX:SharedArchiveFile=app.jsa\", \"-jar\", \"app.jar\"]");
            assertThat(content.indexOf("cds-training app.jar")).as("trained as root, before USER, after the last layer")
                    .isLessThan(content.indexOf("USER 10001"))
                    .isGreaterThan(content.indexOf("/build/extracted/application/"));
        } else {
            // The GPU worker (DL4J, CUDA) starts once per job and keeps the launcher.
            assertThat(content).contains("java -Djarmode=tools -jar app.jar extract --layers --launcher")
                    .contains("ENTRYPOINT [\"java\", \"org.springframework.boot.loader.launch.JarLauncher\"]");
        }
        assertThat(content).containsPattern("(?m)^USER 10001:10001$")
                .containsPattern("(?m)^HEALTHCHECK .*healthcheck")
                .contains("FROM eclipse-temurin:17-jre");
        for (String layer : List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application")) {
            assertThat(content).contains("COPY --from=layers /build/extracted/" + layer + "/ ./");
        }
        Matcher copied = Pattern.compile("(?m)^COPY (?:--chmod=\\S+ )?(docker/\\S+) ").matcher(content);
        while (copied.find()) {
            assertThat(Chart.projectRoot().resolve(copied.group(1))).exists();
        }
    }

    private static String rootPom() throws IOException {
        return Files.readString(Chart.projectRoot().resolve("pom.xml"));
    }

    private static String artifactId(String module) throws IOException {
        Path pom = Chart.projectRoot().resolve(module).resolve("pom.xml");
        Matcher artifactId = ARTIFACT_ID.matcher(Files.readString(pom));
        assertThat(artifactId.find()).as("artifactId of " + module).isTrue();
        return artifactId.group(1);
    }

    @SuppressWarnings("unchecked")
    private static String serverPort(String module) throws IOException {
        Path config = Chart.projectRoot().resolve(module).resolve("src/main/resources/application.yml");
        Map<String, Object> yaml = new Yaml().load(Files.readString(config));
        return String.valueOf(((Map<String, Object>) yaml.get("server")).get("port"));
    }

    @Test
    void shouldTrainTheClassDataArchiveWithoutReachingAnyService() throws IOException {
        String script = Files.readString(dockerDir().resolve("cds-training.sh"));

        assertThat(script).contains("-XX:ArchiveClassesAtExit=app.jsa").contains("-Dspring.context.exit=onRefresh")
                .contains("-Dspring.flyway.enabled=false").contains("allow_jdbc_metadata_access=false")
                .contains("127.0.0.1:9").endsWith("exit 0\n");
        // Every setting a service refuses to start without gets a throw-away value in the training JVM.
        assertThat(script).contains("-Dasyn2f.registry.admin.password=").contains("-Dasyn2f.aggregator.admin.password=")
                .contains("-Dasyn2f.registry.enrollment-secret=");
    }

    @Test
    void shouldBuildTheGpuWorkerOnTheCuda116Runtime() throws IOException {
        String content = Files.readString(dockerDir().resolve("Dockerfile.cuda"));

        assertThat(content).contains("FROM nvidia/cuda:11.6").contains("-Pcuda").contains("nd4j-cuda-11.6");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldWireComposeServicesPrometheusAndGrafana() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(dockerDir().resolve("compose.yaml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");

        assertThat(services).containsKeys("rabbitmq", "postgres", "minio", "registry", "storage-gateway",
                "aggregator", "trainer-0", "trainer-1", "trainer-2", "tester", "prometheus", "grafana");
        for (Map<String, Object> service : services.values()) {
            if (service.get("build") instanceof Map<?, ?> build) {
                Path context = dockerDir().resolve(String.valueOf(build.get("context"))).normalize();
                assertThat(context.resolve(String.valueOf(build.get("dockerfile")))).exists();
            }
        }
        Set<String> partitions = Stream.of("trainer-0", "trainer-1", "trainer-2")
                .map(name -> String.valueOf(((Map<String, Object>) services.get(name).get("environment"))
                        .get("ASYN2F_WORKER_DATA_WORKERINDEX")))
                .collect(Collectors.toSet());
        assertThat(partitions).containsExactlyInAnyOrder("0", "1", "2");
        // The real property names (WorkerProperties, the gateway's registry client, the registry's client map).
        for (String worker : List.of("trainer-0", "trainer-1", "trainer-2", "tester")) {
            Map<String, Object> env = (Map<String, Object>) services.get(worker).get("environment");
            assertThat(env).as(worker).containsEntry("ASYN2F_WORKER_ENABLED", "true")
                    .containsEntry("ASYN2F_WORKER_DATA_WORKERS", "3").containsKey("ASYN2F_WORKER_DATA_IDXFOLDER");
            assertThat(env.keySet()).as(worker).allSatisfy(name -> assertThat(name).doesNotStartWith("SPRING_RABBITMQ_"));
        }
        Map<String, Object> registryEnv = (Map<String, Object>) services.get("registry").get("environment");
        Map<String, Object> gatewayEnv = (Map<String, Object>) services.get("storage-gateway").get("environment");
        Map<String, Object> aggregatorEnv = (Map<String, Object>) services.get("aggregator").get("environment");
        assertThat(gatewayEnv).containsEntry("ASYN2F_GATEWAY_REGISTRY_CLIENTID", "gateway")
                .containsEntry("ASYN2F_GATEWAY_REGISTRY_CLIENTSECRET",
                        registryEnv.get("ASYN2F_REGISTRY_SERVICECLIENTS_GATEWAY_SECRET"))
                .containsKey("ASYN2F_S3_PUBLICENDPOINT");
        // Workers get broker users of their own, and the aggregator requires them.
        assertThat(registryEnv).containsEntry("ASYN2F_REGISTRY_WORKERBROKER_MANAGEMENT_URL", "http://rabbitmq:15672/");
        assertThat(aggregatorEnv).containsEntry("ASYN2F_MESSAGING_WORKERBROKERUSERS", "true");
        assertThat(aggregatorEnv).containsKey("ASYN2F_AGGREGATOR_ADMIN_PASSWORD")
                .doesNotContainKey("ASYN2F_S3_PUBLICENDPOINT");
        assertThat(aggregatorEnv.keySet()).noneSatisfy(name -> assertThat(name).startsWith("ASYN2F_AGGREGATOR_REGISTRY"));

        Map<String, Object> prometheus = new Yaml().load(
                Files.readString(dockerDir().resolve("prometheus/prometheus.yml")));
        Set<String> targets = ((List<Map<String, Object>>) prometheus.get("scrape_configs")).stream()
                .flatMap(job -> ((List<Map<String, Object>>) job.get("static_configs")).stream())
                .flatMap(config -> ((List<String>) config.get("targets")).stream())
                .map(target -> target.substring(0, target.indexOf(':')))
                .collect(Collectors.toSet());
        assertThat(targets).containsExactlyInAnyOrder("registry", "storage-gateway", "aggregator", "trainer-0",
                "trainer-1", "trainer-2", "tester");
        assertThat(services.keySet()).containsAll(targets);

        List<String> grafanaVolumes = (List<String>) services.get("grafana").get("volumes");
        assertThat(grafanaVolumes).contains("../helm/asyn2f/dashboards:/var/lib/grafana/dashboards/asyn2f:ro");
        for (String volume : grafanaVolumes) {
            assertThat(dockerDir().resolve(volume.substring(0, volume.indexOf(':'))).normalize()).isDirectory();
        }
    }
}
