package io.asyn2f.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HelmChartTests {

    private static final String PREFIX = Chart.RELEASE + "-asyn2f-";
    private static final Set<String> SERVICES = Set.of("registry", "aggregator", "storage-gateway");

    static Stream<String> valuesFiles() {
        return Stream.of("default", "external", "gpu", "monitoring");
    }

    private static Manifests render(String valuesName) {
        return valuesName.equals("default") ? Chart.render() : Chart.render(Chart.ciValues(valuesName));
    }

    @Test
    void shouldPassStrictLint() {
        LintResult result = Chart.helm().lint().strict().call();

        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @ParameterizedTest
    @MethodSource("valuesFiles")
    void shouldRenderManifestsThatMatchTheKubernetesModels(String valuesName) {
        Manifests manifests = render(valuesName);

        assertThat(manifests.objects()).isNotEmpty();
        assertThat(manifests.objects()).allSatisfy(o -> {
            assertThat(o.getMetadata().getName()).hasSizeLessThanOrEqualTo(63);
            assertThat(o.getMetadata().getLabels()).containsEntry("app.kubernetes.io/instance", Chart.RELEASE);
        });
    }

    @ParameterizedTest
    @MethodSource("valuesFiles")
    void shouldRunEveryAsyn2fPodAsNonRootWithReadOnlyRootAndWritableTmp(String valuesName) {
        Map<String, PodTemplateSpec> templates = render(valuesName).podTemplates();

        templates.forEach((workload, template) -> {
            PodSpec pod = template.getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(workload).isTrue();
            assertThat(pod.getAutomountServiceAccountToken()).as(workload).isFalse();
            for (Container container : pod.getContainers()) {
                assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).as(workload).isFalse();
                assertThat(container.getResources().getRequests()).as(workload + " requests").isNotEmpty();
                assertThat(container.getResources().getLimits()).as(workload + " limits").containsKey("memory");
                if (isAsyn2fImage(container)) {
                    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as(workload).isTrue();
                    assertThat(container.getVolumeMounts()).as(workload)
                            .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
                }
            }
        });
    }

    @Test
    void shouldProbeTheActuatorHealthGroupsOfEveryService() {
        Manifests manifests = Chart.render();

        for (String service : SERVICES) {
            Container container = manifests.named(Deployment.class, PREFIX + service)
                    .getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
            assertThat(container.getStartupProbe()).isNotNull();
            assertThat(container.getImage()).startsWith("ghcr.io/asyn2f/");
        }
    }

    @Test
    void shouldBundleBrokerDatabaseAndObjectStoreByDefault() {
        Manifests manifests = Chart.render();

        assertThat(manifests.ofType(StatefulSet.class)).extracting(s -> s.getSpec().getTemplate().getSpec()
                        .getContainers().get(0).getImage())
                .containsExactlyInAnyOrder("rabbitmq:4-management", "postgres:17", "minio/minio:latest");
        Container registry = container(manifests, "registry");
        assertThat(env(registry, "SPRING_DATASOURCE_URL").getValue())
                .isEqualTo("jdbc:postgresql://" + PREFIX + "postgresql:5432/asyn2f");
        assertThat(env(registry, "SPRING_RABBITMQ_HOST").getValue()).isEqualTo(PREFIX + "rabbitmq");
        assertThat(env(container(manifests, "storage-gateway"), "ASYN2F_S3_ENDPOINT").getValue())
                .isEqualTo("http://" + PREFIX + "minio:9000");
        assertThat(env(container(manifests, "storage-gateway"), "ASYN2F_GATEWAY_JWKSURI").getValue())
                .isEqualTo("http://" + PREFIX + "registry:8081/.well-known/jwks.json");
    }

    @Test
    void shouldRenderProvidedPlatformCredentialsAsAnOrdinarySecret() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(generator.generateKeyPair().getPrivate()
                .getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        Map<String, Object> sets = Map.of("auth.signingKey", pem, "auth.admin.password", "s3cret-admin",
                "auth.serviceClients.gateway", "gw");

        Secret auth = Chart.render(sets).named(Secret.class, PREFIX + "auth");

        assertThat(auth.getMetadata().getAnnotations()).as("not a hook: upgrades apply changed values").isNullOrEmpty();
        assertThat(auth.getData()).as("no shared enrollment secret outside the development mode")
                .containsOnlyKeys("signing-key", "admin-username", "admin-password", "gateway-client-secret");
        assertThat(decode(auth, "signing-key")).isEqualTo(pem);
        assertThat(decode(auth, "admin-username")).isEqualTo("admin");
        assertThat(decode(auth, "admin-password")).isEqualTo("s3cret-admin");
    }

    @Test
    void shouldRefuseAnAdminPasswordTheServicesWouldRefuseToStartWith() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Chart.template(List.of(),
                        Map.of("auth.admin.password", "short")))
                .hasMessageContaining("/auth/admin/password").hasMessageContaining("minLength");
        assertThat(Chart.template(List.of(), Map.of("auth.admin.password", "eight-ch"))).contains("kind: Deployment");
    }

    @Test
    void shouldCreateGeneratedCredentialsOnceAtInstallNotOnEveryUpgrade() {
        Manifests manifests = Chart.render();

        // Generated Secrets are pre-install hooks (helm template leaves hooks out), referenced by the workloads.
        assertThat(manifests.ofType(Secret.class)).isEmpty();
        assertThat(env(container(manifests, "registry"), "ASYN2F_REGISTRY_TOKENS_SIGNINGKEY")
                .getValueFrom().getSecretKeyRef().getName()).isEqualTo(PREFIX + "auth");
        assertThat(env(container(manifests, "registry"), "SPRING_DATASOURCE_PASSWORD")
                .getValueFrom().getSecretKeyRef().getName()).isEqualTo(PREFIX + "postgresql");
    }

    @Test
    void shouldTellHowToReachTheAdminApiInTheNotes() {
        String notes = Chart.helm().install().withName(Chart.RELEASE).withNamespace(Chart.NAMESPACE)
                .withKubeVersion(Chart.KUBE_VERSION).dryRun().clientOnly().call().getOutput();

        assertThat(notes).contains("kubectl -n asyn2f port-forward svc/" + PREFIX + "aggregator 8083:8083")
                .contains("get secret " + PREFIX + "auth -o jsonpath='{.data.admin-password}'")
                .contains("single instances for development clusters");
    }

    @Test
    void shouldTakeEveryCredentialFromExistingSecretsWhenServicesAreExternal() {
        Manifests manifests = Chart.render(Chart.ciValues("external"));

        assertThat(manifests.ofType(StatefulSet.class)).isEmpty();
        assertThat(manifests.ofType(Secret.class)).isEmpty();
        Container registry = container(manifests, "registry");
        assertThat(env(registry, "SPRING_DATASOURCE_URL").getValue())
                .isEqualTo("jdbc:postgresql://asyn2f-db.example.internal:5432/asyn2f?sslmode=require");
        assertThat(env(registry, "SPRING_DATASOURCE_PASSWORD").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("asyn2f-database");
        assertThat(env(registry, "SPRING_RABBITMQ_PASSWORD").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("asyn2f-rabbitmq");
        assertThat(env(registry, "SPRING_RABBITMQ_VIRTUALHOST").getValue()).isEqualTo("asyn2f");
        assertThat(env(registry, "ASYN2F_REGISTRY_TOKENS_SIGNINGKEY").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("asyn2f-auth");
        Container aggregator = container(manifests, "aggregator");
        assertThat(env(aggregator, "ASYN2F_S3_SECRETKEY").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("asyn2f-s3");
        assertThat(env(aggregator, "ASYN2F_S3_ENDPOINT").getValue()).isEqualTo("https://s3.eu-west-1.amazonaws.com");
        // Every secret env var points at a Secret the operator provided.
        Set<String> referenced = manifests.podTemplates().values().stream()
                .flatMap(t -> t.getSpec().getContainers().stream())
                .flatMap(c -> c.getEnv().stream())
                .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                .map(e -> e.getValueFrom().getSecretKeyRef().getName())
                .collect(Collectors.toSet());
        assertThat(referenced).containsExactlyInAnyOrder("asyn2f-auth", "asyn2f-database", "asyn2f-rabbitmq",
                "asyn2f-s3", "asyn2f-enrollment");
        assertThat(manifests.ofType(NetworkPolicy.class)).extracting(n -> n.getMetadata().getName())
                .containsExactlyInAnyOrder(PREFIX + "registry", PREFIX + "aggregator", PREFIX + "storage-gateway",
                        PREFIX + "worker");
    }

    @Test
    void shouldRunWorkersAsIndexedJobsWithTheirPartitionFromTheCompletionIndex() {
        Manifests manifests = Chart.render();

        Job trainers = manifests.named(Job.class, PREFIX + "worker-trainer");
        assertThat(trainers.getSpec().getCompletionMode()).isEqualTo("Indexed");
        assertThat(trainers.getSpec().getCompletions()).isEqualTo(3);
        assertThat(trainers.getSpec().getParallelism()).isEqualTo(3);
        Container worker = trainers.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(env(worker, "ASYN2F_WORKER_ENABLED").getValue()).isEqualTo("true");
        assertThat(env(worker, "ASYN2F_WORKER_DATA_WORKERINDEX").getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.annotations['batch.kubernetes.io/job-completion-index']");
        assertThat(env(worker, "ASYN2F_WORKER_DATA_WORKERS").getValue()).isEqualTo("3");
        assertThat(env(worker, "ASYN2F_WORKER_DATA_IDXFOLDER").getValue()).isEqualTo("/data");
        assertThat(env(worker, "ASYN2F_WORKER_DATA_PARTITION").getValue()).isEqualTo("iid");
        assertThat(env(worker, "ASYN2F_WORKER_DATA_SEED").getValue()).isEqualTo("1");
        // Kept on a volume of the pod, which a restarted container finds again (restartPolicy OnFailure).
        assertThat(env(worker, "ASYN2F_WORKER_IDENTITYFILE").getValue()).isEqualTo("/var/lib/asyn2f/identity.json");
        assertThat(worker.getVolumeMounts()).anySatisfy(mount -> assertThat(mount.getMountPath())
                .isEqualTo("/var/lib/asyn2f"));
        assertThat(env(worker, "ASYN2F_WORKER_SLOWDOWNFACTOR").getValue()).isEqualTo("1");
        assertThat(env(worker, "ASYN2F_WORKER_ROLE").getValue()).isEqualTo("trainer");
        assertThat(env(worker, "ASYN2F_WORKER_ENROLLMENTTOKEN").getValueFrom().getSecretKeyRef())
                .as("the session's enrollment token, from the Secret the operator creates").satisfies(ref -> {
                    assertThat(ref.getName()).isEqualTo(PREFIX + "enrollment");
                    assertThat(ref.getKey()).isEqualTo("enrollment-token");
                    assertThat(ref.getOptional()).isNotEqualTo(Boolean.TRUE);
                });
        assertThat(manifests.ofType(Secret.class)).as("none of the chart's: the token is issued after install")
                .noneSatisfy(secret -> assertThat(secret.getMetadata().getName()).isEqualTo(PREFIX + "enrollment"));
        // The broker comes from the registration.
        assertThat(worker.getEnv()).noneSatisfy(e -> assertThat(e.getName()).startsWith("SPRING_RABBITMQ_"));
        assertThat(env(worker, "ASYN2F_WORKER_REGISTRYURL").getValue()).isEqualTo("http://" + PREFIX + "registry:8081");
        assertThat(worker.getImage()).isEqualTo("ghcr.io/asyn2f/worker-agent:0.1.0-SNAPSHOT");
        Job testers = manifests.named(Job.class, PREFIX + "worker-tester");
        assertThat(env(testers.getSpec().getTemplate().getSpec().getContainers().get(0), "ASYN2F_WORKER_ROLE")
                .getValue()).isEqualTo("tester");
    }

    @Test
    void shouldHoldAGivenEnrollmentTokenInTheChartsSecretAndAnExistingOneByReference() {
        String token = "et-0123456789abcdef." + "A".repeat(43);
        Manifests given = Chart.render(Map.of("workers.enrollmentToken.value", token));

        Secret secret = given.named(Secret.class, PREFIX + "enrollment");
        assertThat(decode(secret, "enrollment-token")).isEqualTo(token);

        Manifests existing = Chart.render(Map.of("workers.enrollmentToken.existingSecret", "ops-token",
                "workers.enrollmentToken.key", "token"));
        Container worker = existing.named(Job.class, PREFIX + "worker-trainer").getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        assertThat(env(worker, "ASYN2F_WORKER_ENROLLMENTTOKEN").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("ops-token");
        assertThat(env(worker, "ASYN2F_WORKER_ENROLLMENTTOKEN").getValueFrom().getSecretKeyRef().getKey())
                .isEqualTo("token");
        assertThat(existing.ofType(Secret.class)).noneSatisfy(s -> assertThat(s.getMetadata().getName())
                .isEqualTo(PREFIX + "enrollment"));
    }

    @Test
    void shouldRefuseAValueThatIsNoEnrollmentToken() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Chart.template(List.of(),
                        Map.of("workers.enrollmentToken.value", "the-old-shared-secret")))
                .hasMessageContaining("/workers/enrollmentToken/value");
    }

    @Test
    void shouldKeepTheSharedSecretForTheDevelopmentModeOnly() {
        Manifests production = Chart.render();
        Container registry = production.named(Deployment.class, PREFIX + "registry").getSpec().getTemplate()
                .getSpec().getContainers().get(0);
        assertThat(env(registry, "ASYN2F_REGISTRY_ENROLLMENT_SHAREDSECRETENABLED").getValue()).isEqualTo("false");
        assertThat(registry.getEnv()).noneSatisfy(e -> assertThat(e.getName())
                .isEqualTo("ASYN2F_REGISTRY_ENROLLMENTSECRET"));

        Manifests development = Chart.render(Map.of("registry.enrollment.sharedSecretEnabled", true));
        Container devRegistry = development.named(Deployment.class, PREFIX + "registry").getSpec().getTemplate()
                .getSpec().getContainers().get(0);
        assertThat(env(devRegistry, "ASYN2F_REGISTRY_ENROLLMENT_SHAREDSECRETENABLED").getValue()).isEqualTo("true");
        assertThat(env(devRegistry, "ASYN2F_REGISTRY_ENROLLMENTSECRET").getValueFrom().getSecretKeyRef().getKey())
                .isEqualTo("enrollment-secret");
        Container devWorker = development.named(Job.class, PREFIX + "worker-trainer").getSpec().getTemplate()
                .getSpec().getContainers().get(0);
        assertThat(env(devWorker, "ASYN2F_WORKER_ENROLLMENTTOKEN").getValueFrom().getSecretKeyRef().getKey())
                .isEqualTo("enrollment-secret");
    }

    @Test
    void shouldScheduleGpuWorkersOnGpuNodesWithTheCudaImage() {
        Manifests manifests = Chart.render(Chart.ciValues("gpu"));

        PodSpec gpu = manifests.named(Job.class, PREFIX + "worker-gpu-trainer").getSpec().getTemplate().getSpec();
        Container container = gpu.getContainers().get(0);
        assertThat(container.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
        assertThat(container.getImage()).isEqualTo("ghcr.io/asyn2f/worker-agent-cuda:0.1.0-SNAPSHOT");
        assertThat(gpu.getNodeSelector()).containsEntry("nvidia.com/gpu.present", "true");
        assertThat(gpu.getTolerations()).anySatisfy(t -> assertThat(t.getKey()).isEqualTo("nvidia.com/gpu"));
        assertThat(gpu.getVolumes()).anySatisfy(v -> assertThat(v.getPersistentVolumeClaim()).isNotNull());

        Container cpu = manifests.named(Job.class, PREFIX + "worker-cpu-trainer")
                .getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(cpu.getResources().getLimits()).doesNotContainKey("nvidia.com/gpu");
        assertThat(env(cpu, "ASYN2F_WORKER_DATA_WORKERS").getValue()).isEqualTo("4");
        assertThat(env(cpu, "ASYN2F_WORKER_SLOWDOWNFACTOR").getValue()).isEqualTo("2");
    }

    /**
     * Environment variables the services really read, in Spring Boot's relaxed form (dots to underscores, dashes
     * dropped, upper case), from each service's {@code @ConfigurationProperties} ({@code RegistryProperties},
     * {@code GatewayProperties} + the gateway's {@code S3Properties}, {@code AggregatorProperties} + the aggregator's
     * {@code S3Properties}, {@code WorkerProperties}) and the Spring Boot properties they use. A name outside these
     * binds to nothing and is silently ignored by Spring: keep this list in step with those classes.
     */
    private static final Set<String> COMMON_ENV = Set.of("SERVER_PORT", "JAVA_TOOL_OPTIONS");
    /** {@code asyn2f.api-docs.enabled}: springdoc's switches in each service's application.yml follow it. */
    private static final Set<String> API_DOCS_ENV = Set.of("ASYN2F_APIDOCS_ENABLED");
    private static final Set<String> RABBITMQ_ENV = Set.of("SPRING_RABBITMQ_HOST", "SPRING_RABBITMQ_PORT",
            "SPRING_RABBITMQ_VIRTUALHOST", "SPRING_RABBITMQ_USERNAME", "SPRING_RABBITMQ_PASSWORD");
    private static final Set<String> DATABASE_ENV = Set.of("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME",
            "SPRING_DATASOURCE_PASSWORD");
    private static final Set<String> S3_ENV = Set.of("ASYN2F_S3_ENDPOINT", "ASYN2F_S3_REGION", "ASYN2F_S3_BUCKET",
            "ASYN2F_S3_ACCESSKEY", "ASYN2F_S3_SECRETKEY");
    private static final Map<String, Set<String>> SERVICE_ENV = Map.of(
            "registry", union(DATABASE_ENV, RABBITMQ_ENV, API_DOCS_ENV, Set.of("ASYN2F_REGISTRY_ENROLLMENTSECRET",
                    "ASYN2F_REGISTRY_ENROLLMENT_SHAREDSECRETENABLED", "ASYN2F_REGISTRY_ENROLLMENT_DEFAULTTTL",
                    "ASYN2F_REGISTRY_ENROLLMENT_MAXTTL", "ASYN2F_REGISTRY_ENROLLMENT_MAXATTEMPTS",
                    "ASYN2F_REGISTRY_ENROLLMENT_ATTEMPTWINDOW",
                    "ASYN2F_REGISTRY_ADMIN_USERNAME", "ASYN2F_REGISTRY_ADMIN_PASSWORD",
                    "ASYN2F_REGISTRY_TOKENS_SIGNINGKEY", "ASYN2F_REGISTRY_TOKENS_ACCESSTOKENTTL",
                    "ASYN2F_REGISTRY_TOKENS_REFRESHTOKENTTL", "ASYN2F_REGISTRY_SERVICECLIENTS_GATEWAY_SECRET",
                    "ASYN2F_REGISTRY_HEARTBEAT_TIMEOUT", "ASYN2F_REGISTRY_WORKERBROKER_HOST",
                    "ASYN2F_REGISTRY_WORKERBROKER_PORT", "ASYN2F_REGISTRY_STORAGEGATEWAY_URL",
                    "ASYN2F_REGISTRY_WORKERBROKER_USERNAME", "ASYN2F_REGISTRY_WORKERBROKER_PASSWORD",
                    "ASYN2F_REGISTRY_WORKERBROKER_MANAGEMENT_URL", "ASYN2F_REGISTRY_WORKERBROKER_MANAGEMENT_USERNAME",
                    "ASYN2F_REGISTRY_WORKERBROKER_MANAGEMENT_PASSWORD")),
            "storage-gateway", union(RABBITMQ_ENV, S3_ENV, API_DOCS_ENV, Set.of("ASYN2F_S3_PUBLICENDPOINT",
                    "ASYN2F_GATEWAY_JWKSURI", "ASYN2F_GATEWAY_MAXUPLOADBYTES", "ASYN2F_GATEWAY_URLEXPIRY",
                    "ASYN2F_GATEWAY_REGISTRY_URL", "ASYN2F_GATEWAY_REGISTRY_CLIENTID",
                    "ASYN2F_GATEWAY_REGISTRY_CLIENTSECRET")),
            "aggregator", union(DATABASE_ENV, RABBITMQ_ENV, S3_ENV, API_DOCS_ENV, Set.of("ASYN2F_AGGREGATOR_JWKSURI",
                    "ASYN2F_MESSAGING_WORKERBROKERUSERS",
                    "ASYN2F_AGGREGATOR_ADMIN_USERNAME", "ASYN2F_AGGREGATOR_ADMIN_PASSWORD")),
            "worker", Set.of("OMP_NUM_THREADS", "ASYN2F_WORKER_ENABLED", "ASYN2F_WORKER_REGISTRYURL",
                    "ASYN2F_WORKER_SESSIONID", "ASYN2F_WORKER_ENROLLMENTTOKEN", "ASYN2F_WORKER_ROLE",
                    "ASYN2F_WORKER_QUALITY", "ASYN2F_WORKER_SLOWDOWNFACTOR", "ASYN2F_WORKER_DATA_IDXFOLDER",
                    "ASYN2F_WORKER_DATA_WORKERS", "ASYN2F_WORKER_DATA_WORKERINDEX", "ASYN2F_WORKER_DATA_PARTITION",
                    "ASYN2F_WORKER_DATA_DIRICHLETALPHA", "ASYN2F_WORKER_DATA_SHARDSPERWORKER",
                    "ASYN2F_WORKER_DATA_SEED", "ASYN2F_WORKER_IDENTITYFILE"));

    @ParameterizedTest
    @MethodSource("valuesFiles")
    void shouldSetOnlyPropertiesTheServicesRead(String valuesName) {
        Manifests manifests = render(valuesName);

        List<Container> containers = manifests.podTemplates().values().stream()
                .flatMap(t -> t.getSpec().getContainers().stream())
                .filter(HelmChartTests::isAsyn2fImage)
                .toList();
        assertThat(containers).isNotEmpty();
        for (Container container : containers) {
            Set<String> known = union(COMMON_ENV, SERVICE_ENV.get(container.getName()));
            assertThat(container.getEnv()).extracting(EnvVar::getName).as(container.getName())
                    .allSatisfy(name -> assertThat(known).as("%s sets %s", container.getName(), name).contains(name));
        }
        Container registry = container(manifests, "registry");
        Container gateway = container(manifests, "storage-gateway");
        Container aggregator = container(manifests, "aggregator");
        // One service client, id "gateway", on both sides; one secret key.
        assertThat(env(gateway, "ASYN2F_GATEWAY_REGISTRY_CLIENTID").getValue()).isEqualTo("gateway");
        assertThat(env(gateway, "ASYN2F_GATEWAY_REGISTRY_CLIENTSECRET").getValueFrom().getSecretKeyRef().getKey())
                .isEqualTo(env(registry, "ASYN2F_REGISTRY_SERVICECLIENTS_GATEWAY_SECRET").getValueFrom()
                        .getSecretKeyRef().getKey());
        // The aggregator's admin password never falls back to its built-in default.
        assertThat(env(aggregator, "ASYN2F_AGGREGATOR_ADMIN_PASSWORD").getValueFrom().getSecretKeyRef().getKey())
                .isEqualTo("admin-password");
    }

    @Test
    void shouldKeepTheApiDocumentationOffUnlessAsked() {
        List<String> services = List.of("registry", "storage-gateway", "aggregator");
        Manifests defaults = Chart.render();
        Manifests enabled = Chart.render(Map.of("apiDocs.enabled", true));

        for (String service : services) {
            assertThat(env(container(defaults, service), "ASYN2F_APIDOCS_ENABLED").getValue()).as(service)
                    .isEqualTo("false");
            assertThat(env(container(enabled, service), "ASYN2F_APIDOCS_ENABLED").getValue()).as(service)
                    .isEqualTo("true");
        }
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        return Stream.of(sets).flatMap(Set::stream).collect(Collectors.toSet());
    }

    @Test
    void shouldRenderMonitoringObjectsOnlyWhenEnabled() {
        assertThat(Chart.render().ofType(ServiceMonitor.class)).isEmpty();
        assertThat(Chart.render().ofType(PrometheusRule.class)).isEmpty();

        Manifests manifests = Chart.render(Chart.ciValues("monitoring"));

        ServiceMonitor monitor = manifests.ofType(ServiceMonitor.class).get(0);
        assertThat(monitor.getSpec().getEndpoints()).singleElement()
                .satisfies(e -> assertThat(e.getPath()).isEqualTo("/actuator/prometheus"));
        Set<String> scraped = manifests.ofType(Service.class).stream()
                .filter(s -> monitor.getSpec().getSelector().getMatchLabels().entrySet().stream()
                        .allMatch(l -> l.getValue().equals(s.getMetadata().getLabels().get(l.getKey()))))
                .map(s -> s.getMetadata().getName())
                .collect(Collectors.toSet());
        assertThat(scraped).containsExactlyInAnyOrder(PREFIX + "registry", PREFIX + "aggregator",
                PREFIX + "storage-gateway", PREFIX + "worker");
        assertThat(manifests.ofType(PrometheusRule.class).get(0).getSpec().getGroups().get(0).getRules())
                .extracting(r -> r.getAlert())
                .containsExactlyInAnyOrder("Asyn2fSessionStuck", "Asyn2fWorkersLost", "Asyn2fRejectedUpdatesRising");
        assertThat(manifests.ofType(io.fabric8.kubernetes.api.model.ConfigMap.class)).singleElement().satisfies(cm -> {
            assertThat(cm.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
            assertThat(cm.getMetadata().getNamespace()).isEqualTo("monitoring");
            assertThat(cm.getData()).containsKey("asyn2f-overview.json");
        });
    }

    @Test
    void shouldGiveWorkersBrokerUsersOfTheirOwnAndTheServicesANonAdministratorAccount() {
        Manifests manifests = Chart.render();

        Container registry = container(manifests, "registry");
        assertThat(env(registry, "ASYN2F_REGISTRY_WORKERBROKER_MANAGEMENT_URL").getValue())
                .isEqualTo("http://" + PREFIX + "rabbitmq:15672/");
        assertThat(env(registry, "ASYN2F_REGISTRY_WORKERBROKER_MANAGEMENT_USERNAME").getValue())
                .isEqualTo("asyn2f");
        assertThat(env(registry, "ASYN2F_REGISTRY_WORKERBROKER_MANAGEMENT_PASSWORD").getValueFrom().getSecretKeyRef()
                .getKey()).isEqualTo("rabbitmq-password");
        assertThat(registry.getEnv()).noneSatisfy(e -> assertThat(e.getName())
                .isEqualTo("ASYN2F_REGISTRY_WORKERBROKER_USERNAME"));
        assertThat(env(container(manifests, "aggregator"), "ASYN2F_MESSAGING_WORKERBROKERUSERS").getValue())
                .isEqualTo("true");
        // Every service connects as the services' account; only the registry holds the administrator's password.
        for (String service : SERVICES) {
            Container container = container(manifests, service);
            assertThat(env(container, "SPRING_RABBITMQ_USERNAME").getValue()).as(service)
                    .isEqualTo("asyn2f-services");
            assertThat(env(container, "SPRING_RABBITMQ_PASSWORD").getValueFrom().getSecretKeyRef().getKey())
                    .as(service).isEqualTo("rabbitmq-services-password");
        }
        assertThat(manifests.podTemplates().entrySet()).allSatisfy(template -> {
            boolean registryPod = template.getKey().equals("Deployment/" + PREFIX + "registry");
            boolean brokerPod = template.getKey().equals("StatefulSet/" + PREFIX + "rabbitmq");
            if (!registryPod && !brokerPod) {
                assertThat(template.getValue().getSpec().getContainers()).flatExtracting(c -> c.getEnv())
                        .as(template.getKey()).noneSatisfy(e -> assertThat(e.getValueFrom() != null
                                && e.getValueFrom().getSecretKeyRef() != null
                                && e.getValueFrom().getSecretKeyRef().getKey().equals("rabbitmq-password")).isTrue());
            }
        });
        // The management port is open to the registry alone.
        assertThat(manifests.named(NetworkPolicy.class, PREFIX + "rabbitmq").getSpec().getIngress())
                .filteredOn(rule -> rule.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == 15672))
                .singleElement().satisfies(rule -> assertThat(rule.getFrom()).extracting(peer -> peer.getPodSelector()
                        .getMatchLabels().get("app.kubernetes.io/component")).containsExactly("registry"));
    }

    @Test
    void shouldLetOnlyThePeersThatMustTalkThroughNetworkPolicies() {
        Manifests manifests = Chart.render();

        assertThat(allowedComponents(manifests, "postgresql")).containsExactlyInAnyOrder("registry", "aggregator");
        assertThat(allowedComponents(manifests, "rabbitmq"))
                .containsExactlyInAnyOrder("registry", "aggregator", "storage-gateway", "worker");
        assertThat(allowedComponents(manifests, "minio"))
                .containsExactlyInAnyOrder("worker", "aggregator", "storage-gateway", "minio-bucket");
        assertThat(allowedComponents(manifests, "registry"))
                .containsExactlyInAnyOrder("worker", "aggregator", "storage-gateway");
        assertThat(allowedComponents(manifests, "storage-gateway")).containsExactlyInAnyOrder("worker", "aggregator");
        assertThat(allowedComponents(manifests, "aggregator")).isEmpty();
        assertThat(allowedComponents(manifests, "worker")).isEmpty();
        // Prometheus may scrape every asyn2f service.
        for (String component : List.of("registry", "aggregator", "storage-gateway", "worker")) {
            assertThat(manifests.named(NetworkPolicy.class, PREFIX + component).getSpec().getIngress())
                    .anySatisfy(rule -> assertThat(rule.getFrom()).anySatisfy(peer -> assertThat(
                            peer.getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", "prometheus")));
        }
    }

    @Test
    void shouldProtectServicesWithDisruptionBudgets() {
        Manifests manifests = Chart.render();

        assertThat(manifests.ofType(PodDisruptionBudget.class)).extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrder(PREFIX + "registry", PREFIX + "aggregator", PREFIX + "storage-gateway");
        for (PodDisruptionBudget pdb : manifests.ofType(PodDisruptionBudget.class)) {
            Deployment target = manifests.named(Deployment.class, pdb.getMetadata().getName());
            assertThat(target.getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
        }
    }

    @Test
    void shouldPointEveryServiceAtPodsThatExist() {
        Manifests manifests = Chart.render();
        List<Map<String, String>> podLabels = manifests.podTemplates().values().stream()
                .map(t -> t.getMetadata().getLabels()).toList();

        for (Service service : manifests.ofType(Service.class)) {
            assertThat(podLabels).as(service.getMetadata().getName())
                    .anySatisfy(labels -> assertThat(labels).containsAllEntriesOf(service.getSpec().getSelector()));
        }
    }

    private static Set<String> allowedComponents(Manifests manifests, String component) {
        return manifests.named(NetworkPolicy.class, PREFIX + component).getSpec().getIngress().stream()
                .flatMap(rule -> rule.getFrom().stream())
                .map(NetworkPolicyPeer::getPodSelector)
                .filter(Objects::nonNull)
                .map(selector -> selector.getMatchLabels().get("app.kubernetes.io/component"))
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
    }

    private static boolean isAsyn2fImage(Container container) {
        return container.getImage().contains("/asyn2f/");
    }

    private static Container container(Manifests manifests, String service) {
        return manifests.named(Deployment.class, PREFIX + service).getSpec().getTemplate().getSpec()
                .getContainers().get(0);
    }

    private static EnvVar env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no env " + name));
    }

    private static String decode(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)));
    }

}
