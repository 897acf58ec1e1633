package io.asyn2f.aggregator.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The admin API over real HTTP with Basic authentication. */
public final class AdminClient {

    public static final String USER = "admin";
    public static final String PASSWORD = "test-admin-secret";

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final int port;

    public AdminClient(int port) {
        this.port = port;
    }

    /** Waits until the session is in {@code state}. */
    public void awaitState(String sessionId, String state, Duration timeout) {
        await().atMost(timeout).untilAsserted(() ->
                org.assertj.core.api.Assertions.assertThat(session(sessionId).path("state").asString())
                        .isEqualTo(state));
    }

    /**
     * Creates a session from {@code body}, waits until it waits for workers, lets {@code fl} register
     * {@code workers} and waits until it runs.
     */
    public String startSession(String body, FlTestClient fl, Duration timeout, FlTestClient.Registration... workers) {
        String id = createSession(body);
        awaitState(id, "WAITING_FOR_WORKERS", timeout);
        for (FlTestClient.Registration worker : workers) {
            fl.register(id, worker);
        }
        awaitState(id, "RUNNING", timeout);
        return id;
    }

    public HttpResponse<String> post(String path, String body) {
        return send(request(path, USER, PASSWORD).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public HttpResponse<String> postAs(String path, String body, String user, String password) {
        return send(request(path, user, password).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public HttpResponse<String> put(String path) {
        return send(request(path, USER, PASSWORD).PUT(HttpRequest.BodyPublishers.noBody()).build());
    }

    public HttpResponse<String> delete(String path) {
        return send(request(path, USER, PASSWORD).DELETE().build());
    }

    public HttpResponse<String> get(String path) {
        return send(request(path, USER, PASSWORD).GET().build());
    }

    public HttpResponse<byte[]> getBytes(String path) {
        try {
            return http.send(request(path, USER, PASSWORD).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(String path, String user, String password) {
        return send(request(path, user, password).GET().build());
    }

    public JsonNode getJson(String path) {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " -> " + response.statusCode() + " " + response.body());
        }
        return json.readTree(response.body());
    }

    public JsonNode json(String body) {
        return json.readTree(body);
    }

    /** Creates a session and returns its id. */
    public String createSession(String body) {
        HttpResponse<String> response = post("/api/v1/sessions", body);
        if (response.statusCode() != 201) {
            throw new IllegalStateException("create -> " + response.statusCode() + " " + response.body());
        }
        return json.readTree(response.body()).path("id").asString();
    }

    public JsonNode session(String id) {
        return getJson("/api/v1/sessions/" + id);
    }

    private HttpRequest.Builder request(String path, String user, String password) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (user != null) {
            builder.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return builder;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
