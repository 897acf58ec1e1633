package io.asyn2f.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TargetTests {

    @Test
    void shouldDefaultToTheServicesPortsOnThisMachine() {
        Target target = Target.from(Map.of(), Map.of("ASYN2F_PASSWORD", "secret"));

        assertThat(target.aggregator()).isEqualTo(URI.create("http://localhost:8083"));
        assertThat(target.registry()).isEqualTo(URI.create("http://localhost:8081"));
        assertThat(target.user()).isEqualTo("admin");
        assertThat(target.registryUser()).isEqualTo("admin");
        assertThat(target.registryPassword()).isEqualTo("secret");
    }

    @Test
    void shouldPreferOptionsToEnvironmentVariables() {
        Target target = Target.from(Map.of("--url", "https://fl.example/", "--user", "ops"),
                Map.of("ASYN2F_URL", "http://other:8083", "ASYN2F_USER", "root", "ASYN2F_PASSWORD", "pw",
                        "ASYN2F_REGISTRY_URL", "http://registry.example:8081", "ASYN2F_REGISTRY_PASSWORD", "rpw"));

        assertThat(target.aggregator()).isEqualTo(URI.create("https://fl.example"));
        assertThat(target.registry()).isEqualTo(URI.create("http://registry.example:8081"));
        assertThat(target.user()).isEqualTo("ops");
        assertThat(target.registryUser()).isEqualTo("ops");
        assertThat(target.password()).isEqualTo("pw");
        assertThat(target.registryPassword()).isEqualTo("rpw");
    }

    @Test
    void shouldRefuseBeforeSendingWithoutAPasswordOrWithABadUrl() {
        assertThatThrownBy(() -> Target.from(Map.of(), Map.of()).aggregatorApi())
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessage("no admin password: give --password or set ASYN2F_PASSWORD");
        assertThatThrownBy(() -> Target.from(Map.of("--url", "localhost:8083"), Map.of()))
                .hasMessageStartingWith("--url must be an http(s) URL");
    }

    @Test
    void shouldNeverShowThePassword() {
        assertThat(Target.from(Map.of("--password", "hunter2"), Map.of()).toString()).doesNotContain("hunter2");
    }
}
