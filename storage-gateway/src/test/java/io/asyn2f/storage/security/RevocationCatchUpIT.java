package io.asyn2f.storage.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.asyn2f.api.event.EventRouting;
import io.asyn2f.storage.support.FakeRegistry;
import io.asyn2f.storage.support.GatewayHttp;
import io.asyn2f.storage.support.GatewayInstance;
import io.asyn2f.storage.support.TestTokens;

/**
 * After a (re)start the gateway reads the registry's revocation list, so a worker revoked before the start is refused
 * without any {@code worker.revoked} event reaching this instance.
 */
@ExtendWith(OutputCaptureExtension.class)
class RevocationCatchUpIT {

    private static final TestTokens tokens = TestTokens.get();
    private static final String CLIENT_ID = "gateway";
    private static final String SECRET = "catch-up-secret-" + UUID.randomUUID();
    private static final String UPLOAD = "{\"sizeBytes\":1000,\"sha256\":\"" + "a".repeat(64) + "\"}";

    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String prefix = "asyn2f.gateway.events.catch-up-" + suffix;
    private final String session = "s-" + suffix;
    private final FakeRegistry registry = new FakeRegistry(CLIENT_ID, SECRET);
    private GatewayInstance gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.bean(AmqpAdmin.class).deleteQueue(EventRouting.deadLetterQueue(prefix));
            gateway.close();
        }
        registry.close();
    }

    @Test
    void shouldRefuseAWorkerTheRegistryListsAsRevokedRightAfterStart(CapturedOutput output) {
        registry.revoked(session, "w-bad", Instant.now().minusSeconds(60));

        gateway = start(SECRET, "1m");
        GatewayHttp http = gateway.http();

        HttpResponse<String> response = http.post(uploads(), tokens.trainer(session, "w-bad", 1_000_000), UPLOAD);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("\"reason\":\"revoked\"");
        assertThat(http.post(uploads(), tokens.trainer(session, "w-good", 1_000_000), UPLOAD).statusCode())
                .isEqualTo(200);
        assertThat(registry.revocationReads()).isEqualTo(1);
        assertThat(output.getAll()).doesNotContain(SECRET);
        registry.issuedTokens().forEach(token -> assertThat(output.getAll()).doesNotContain(token));
    }

    @Test
    void shouldStartWhileTheRegistryIsDownAndCatchUpOnceItAnswers() {
        registry.available(false);
        registry.revoked(session, "w-bad", Instant.now().minusSeconds(60));

        gateway = start(SECRET, "500ms");
        GatewayHttp http = gateway.http();
        String revoked = tokens.trainer(session, "w-bad", 1_000_000);
        assertThat(http.get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
        assertThat(http.post(uploads(), revoked, UPLOAD).statusCode()).isEqualTo(200);

        registry.available(true);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(http.post(uploads(), revoked, UPLOAD).statusCode()).isEqualTo(403));
    }

    @Test
    void shouldNotReadTheListWithAWrongSecret(CapturedOutput output) {
        registry.revoked(session, "w-bad", Instant.now().minusSeconds(60));

        gateway = start("wrong-secret-" + suffix, "1m");

        assertThat(gateway.http().post(uploads(), tokens.trainer(session, "w-bad", 1_000_000), UPLOAD).statusCode())
                .isEqualTo(200);
        assertThat(registry.revocationReads()).isZero();
        assertThat(output.getAll()).contains("POST /api/v1/tokens/service answered 401")
                .doesNotContain("wrong-secret-" + suffix);
    }

    private GatewayInstance start(String secret, String interval) {
        return GatewayInstance.start(prefix, "gateway-catch-up-" + suffix, Map.of(
                "asyn2f.gateway.registry.url", registry.url(),
                "asyn2f.gateway.registry.client-id", CLIENT_ID,
                "asyn2f.gateway.registry.client-secret", secret,
                "asyn2f.gateway.registry.catch-up-interval", interval));
    }

    private String uploads() {
        return "/api/v1/sessions/" + session + "/uploads";
    }
}
