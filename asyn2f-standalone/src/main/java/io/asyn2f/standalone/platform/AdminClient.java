package io.asyn2f.standalone.platform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The aggregator's admin API, as the launcher uses it: create a session, watch it, read its versions, stop it. */
public final class AdminClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI sessions;
    private final String authorization;

    public AdminClient(URI aggregator, String user, String password) {
        this.sessions = aggregator.resolve("/api/v1/sessions");
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Creates a session and returns its id. */
    public String createSession(Map<String, Object> configuration) {
        JsonNode created = send(HttpRequest.newBuilder(sessions)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(configuration))), 201);
        return created.get("id").asString();
    }

    public JsonNode session(String id) {
        return send(HttpRequest.newBuilder(sessions.resolve("sessions/" + id)).GET(), 200);
    }

    public JsonNode versions(String id) {
        return send(HttpRequest.newBuilder(sessions.resolve("sessions/" + id + "/versions")).GET(), 200);
    }

    /** The rejected updates of a session (a JSON array). */
    public JsonNode rejections(String id) {
        return send(HttpRequest.newBuilder(sessions.resolve("sessions/" + id + "/rejections")).GET(), 200);
    }

    /** One page of the session's recorded updates after the cursor {@code after} ({@code {updates, next}}). */
    public JsonNode updates(String id, long after, int limit) {
        return send(HttpRequest.newBuilder(sessions.resolve("sessions/" + id + "/updates?after=" + after + "&limit="
                + limit)).GET(), 200);
    }

    /** The stored blob of one global version. */
    public byte[] model(String id, long version) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(HttpRequest.newBuilder(sessions.resolve("sessions/" + id + "/versions/" + version
                    + "/model")).header("Authorization", authorization).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("aggregator unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while talking to the aggregator", e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("aggregator answered " + response.statusCode() + " to the model of version "
                    + version + " of session " + id);
        }
        return response.body();
    }

    public void stop(String id) {
        HttpResponse<String> response = exchange(HttpRequest.newBuilder(sessions.resolve("sessions/" + id + "/stop"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() != 200 && response.statusCode() != 202 && response.statusCode() != 409) {
            throw new IllegalStateException("stopping session " + id + " failed: " + response.statusCode() + " "
                    + response.body());
        }
    }

    private JsonNode send(HttpRequest.Builder request, int expected) {
        HttpResponse<String> response = exchange(request);
        if (response.statusCode() != expected) {
            throw new IllegalStateException("aggregator answered " + response.statusCode() + " to "
                    + response.request().method() + " " + response.request().uri().getPath() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> exchange(HttpRequest.Builder request) {
        try {
            return http.send(request.header("Authorization", authorization).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("aggregator unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while talking to the aggregator", e);
        }
    }
}
