package io.asyn2f.storage.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.asyn2f.storage.config.S3Properties;

/** Signing is local computation: these stores do not exist, and the URLs still come out right. */
class ObjectStoreTests {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    void shouldSignForThePublicEndpointWithoutCallingTheStore() throws Exception {
        S3Properties properties = new S3Properties(URI.create("http://127.0.0.1:1"),
                URI.create("https://models.example.org:9443"), "access", "secret", "eu-west-1", "asyn2f");

        try (ObjectStore store = new ObjectStore(properties, Clock.fixed(NOW, ZoneOffset.UTC))) {
            PresignedUrl url = store.presignPut("sessions/s-1/global/3.a2fm", Duration.ofMinutes(5));

            assertThat(url.url()).startsWith("https://models.example.org:9443/asyn2f/sessions/s-1/global/3.a2fm?")
                    .contains("X-Amz-Expires=300")
                    .contains("eu-west-1")
                    .contains("X-Amz-Signature=");
            assertThat(url.method()).isEqualTo("PUT");
            assertThat(url.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
            assertThat(url.toString()).doesNotContain("Signature");
        }
    }

    @Test
    void shouldSignForTheStoreEndpointWhenNoPublicOneIsSet() throws Exception {
        S3Properties properties = new S3Properties(URI.create("http://127.0.0.1:1"), null, "access", "secret",
                "us-east-1", "models");

        try (ObjectStore store = new ObjectStore(properties, Clock.systemUTC())) {
            assertThat(store.presignGet("sessions/s-1/global/0.a2fm", Duration.ofSeconds(30)).url())
                    .startsWith("http://127.0.0.1:1/models/sessions/s-1/global/0.a2fm?")
                    .contains("X-Amz-Expires=30");
        }
    }
}
