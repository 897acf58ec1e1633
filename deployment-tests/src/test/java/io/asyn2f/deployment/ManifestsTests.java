package io.asyn2f.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

/** The strict parser itself: what it must catch for the chart tests to mean anything. */
class ManifestsTests {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: demo
            spec:
              selector:
                matchLabels: {app: demo}
              template:
                metadata:
                  labels: {app: demo}
                spec:
                  containers:
                    - name: demo
                      image: demo:1
                      %s
            """;

    @Test
    void shouldAcceptAValidManifest() {
        Manifests manifests = Manifests.parse(DEPLOYMENT.formatted("ports: [{containerPort: 8080}]"));

        assertThat(manifests.ofType(Deployment.class)).singleElement()
                .satisfies(d -> assertThat(d.getMetadata().getName()).isEqualTo("demo"));
    }

    @Test
    void shouldRejectAMisspelledField() {
        assertThatThrownBy(() -> Manifests.parse(DEPLOYMENT.formatted("port: [{containerPort: 8080}]")))
                .hasMessageContaining("unknown fields").hasMessageContaining("port");
    }

    @Test
    void shouldRejectANumberWhereKubernetesWantsAString() {
        assertThatThrownBy(() -> Manifests.parse(DEPLOYMENT.formatted("env: [{name: SERVER_PORT, value: 8081}]")))
                .hasMessageContaining("does not match the Kubernetes model");
    }

    @Test
    void shouldRejectAStringWhereKubernetesWantsANumber() {
        assertThatThrownBy(() -> Manifests.parse(DEPLOYMENT.formatted("ports: [{containerPort: '8080'}]")))
                .hasMessageContaining("does not match the Kubernetes model");
    }

    @Test
    void shouldRejectAKindTheChartDoesNotExpect() {
        assertThatThrownBy(() -> Manifests.parse("apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: x}\n"))
                .hasMessageContaining("unexpected kind extensions/v1beta1/Ingress");
    }
}
