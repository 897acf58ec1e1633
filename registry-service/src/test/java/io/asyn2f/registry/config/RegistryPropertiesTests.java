package io.asyn2f.registry.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The enrollment settings as Spring binds them (the same binding the application does, without its context). */
class RegistryPropertiesTests {

    @Test
    void shouldRefuseTheDevelopmentModeWithoutASharedSecret() {
        assertThatThrownBy(() -> bind(Map.of("asyn2f.registry.enrollment.shared-secret-enabled", "true")))
                .rootCause().hasMessageContaining("asyn2f.registry.enrollment-secret")
                .hasMessageContaining("ASYN2F_REGISTRY_ENROLLMENTSECRET");
    }

    @Test
    void shouldNeedNoSharedSecretOutsideTheDevelopmentModeAndKeepItOffByDefault() {
        RegistryProperties production = bind(Map.of());

        assertThat(production.sharedSecretMode()).isFalse();
        assertThat(production.enrollment().maxAttempts()).isEqualTo(60);
        assertThat(production.enrollment().maxTtl()).hasDays(30);
        assertThat(bind(Map.of("asyn2f.registry.enrollment.shared-secret-enabled", "true",
                "asyn2f.registry.enrollment-secret", "dev-secret")).sharedSecretMode()).isTrue();
    }

    @Test
    void shouldNotPrintTheSharedSecret() {
        assertThat(bind(Map.of("asyn2f.registry.enrollment-secret", "dev-secret")).toString())
                .doesNotContain("dev-secret").contains("enrollmentSecret=****");
    }

    private static RegistryProperties bind(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of(
                "asyn2f.registry.admin.username", "admin",
                "asyn2f.registry.admin.password", "admin-password",
                "asyn2f.registry.tokens.access-token-ttl", "5m",
                "asyn2f.registry.heartbeat.timeout", "30s",
                "asyn2f.registry.worker-broker.host", "localhost",
                "asyn2f.registry.worker-broker.username", "worker",
                "asyn2f.registry.worker-broker.password", "worker-password",
                "asyn2f.registry.storage-gateway.url", "http://localhost:8082"));
        all.putAll(settings);
        return new Binder(new MapConfigurationPropertySource(all)).bind("asyn2f.registry", RegistryProperties.class)
                .get();
    }
}
