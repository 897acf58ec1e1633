package io.asyn2f.worker.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** JSON over {@link HttpClient}: one request, one typed answer, errors as {@link ApiException}. */
final class JsonHttp {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final JsonMapper json;
    private final URI base;

    JsonHttp(HttpClient http, URI base) {
        this.http = http;
        this.base = base;
        this.json = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }

    <T> T post(String path, String bearer, Object body, Class<T> answer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Accept", "application/json");
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (body == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        }
        return send(request.build(), "POST " + path, answer);
    }

    <T> T get(String path, String bearer, Class<T> answer) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Accept", "application/json").header("Authorization", "Bearer " + bearer).GET().build();
        return send(request, "GET " + path, answer);
    }

    private <T> T send(HttpRequest request, String name, Class<T> answer) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(name + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + " interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new ApiException(name, response.statusCode(), new String(response.body(),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        return json.readValue(response.body(), answer);
    }
}
