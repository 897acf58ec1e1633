package io.asyn2f.standalone.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.asyn2f.api.event.Ids;
import io.asyn2f.worker.client.ApiException;
import io.asyn2f.worker.client.StartupRetry;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The registry's admin API, as the launcher uses it: one enrollment token per session, for its own workers. The
 * registry learns a session from the aggregator's {@code session.opened} event, so right after the session is
 * created it may still answer 404; that, and a registry not reachable yet, are retried (bounded).
 */
public final class RegistryAdminClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final StartupRetry retry = new StartupRetry(Duration.ofMillis(100), Duration.ofSeconds(1),
            Duration.ofSeconds(60));
    private final URI registry;
    private final String authorization;

    public RegistryAdminClient(URI registry, String user, String password) {
        this.registry = registry;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Issues a token admitting {@code seats} new workers to the session (registry's default lifetime); its secret. */
    public String issueEnrollmentToken(String sessionId, int seats) {
        return issueEnrollmentToken(sessionId, seats, null);
    }

    /**
     * The same, with the sample count every worker it admits is recorded with, whatever it reports ({@code null}:
     * the reported one).
     */
    public String issueEnrollmentToken(String sessionId, int seats, Long fixedSamples) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("maxWorkers", seats);
        if (fixedSamples != null) {
            body.put("samples", fixedSamples);
        }
        body.put("label", "standalone launcher");
        URI uri = registry.resolve("/api/v1/admin/sessions/" + Ids.requireSafeId(sessionId, "sessionId")
                + "/enrollment-tokens");
        JsonNode issued = retry.call("issuing an enrollment token for session " + sessionId, true, () -> {
            HttpResponse<String> response = exchange(HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
            if (response.statusCode() != 201) {
                throw new ApiException("POST " + uri.getPath(), response.statusCode(), response.body());
            }
            return JSON.readTree(response.body());
        });
        return issued.path("token").asString();
    }

    private HttpResponse<String> exchange(HttpRequest.Builder request) {
        try {
            return http.send(request.header("Authorization", authorization).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // Retried like a worker's registration: the registry may be starting.
            throw new UncheckedIOException("registry unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while talking to the registry", e);
        }
    }
}
