package io.asyn2f.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/**
 * One service's admin API over HTTP Basic with the JDK client: JSON in and out, a streamed download, and every
 * error answer turned into a {@link ProblemException} built from the service's problem detail.
 */
final class AdminHttp {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** JSON calls; a model download has no overall limit, only the connect timeout. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private final String service;
    private final URI base;
    private final String authorization;
    private final String credentialHint;

    AdminHttp(String service, URI base, String user, String password, String credentialHint) {
        this.service = service;
        this.base = base;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.credentialHint = credentialHint;
    }

    /** A path segment taken from the command line, encoded so it cannot change the path. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    JsonNode get(String path) {
        return json(request(path).GET(), "GET", path);
    }

    JsonNode post(String path, JsonNode body) {
        HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        return json(request, "POST", path);
    }

    /** Streams a 200 answer's body into {@code target}; returns its {@code ETag} without quotes, if any. */
    Optional<String> download(String path, OutputStream target) {
        HttpResponse<InputStream> response = send(request(path).header("Accept", "application/octet-stream, "
                + "application/problem+json").GET(), "GET", path, HttpResponse.BodyHandlers.ofInputStream(), false);
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                String text = new String(body.readNBytes(64 * 1024), StandardCharsets.UTF_8);
                throw problem("GET", path, response, text);
            }
            body.transferTo(target);
        } catch (IOException e) {
            throw unreachable(e);
        }
        return response.headers().firstValue("ETag").map(tag -> tag.replace("\"", "").replace("W/", ""));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", authorization)
                .header("Accept", "application/json, application/problem+json");
    }

    private JsonNode json(HttpRequest.Builder request, String method, String path) {
        HttpResponse<String> response = send(request, method, path, HttpResponse.BodyHandlers.ofString(), true);
        if (response.statusCode() >= 300) {
            throw problem(method, path, response, response.body());
        }
        try {
            return response.body().isBlank() ? NullNode.getInstance() : JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw CliException.refused("the " + service + " answered " + method + " " + path
                    + " with something that is not JSON: " + e.getOriginalMessage());
        }
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, String method, String path,
            HttpResponse.BodyHandler<T> handler, boolean bounded) {
        if (bounded) {
            request.timeout(REQUEST_TIMEOUT);
        }
        try {
            return HTTP.send(request.build(), handler);
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliException.UNREACHABLE, "interrupted during " + method + " " + path);
        }
    }

    private CliException unreachable(IOException e) {
        String why = e instanceof HttpTimeoutException ? "no answer in time"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": "
                        + e.getMessage();
        return new CliException(CliException.UNREACHABLE, "cannot reach the " + service + " at " + base + " (" + why
                + "); check --" + (service.equals("registry") ? "registry-url" : "url") + " or ASYN2F_"
                + (service.equals("registry") ? "REGISTRY_URL" : "URL"), e);
    }

    private ProblemException problem(String method, String path, HttpResponse<?> response, String body) {
        Problem problem = Problem.of(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                body, response.headers().firstValue("Retry-After").orElse(null));
        String hint = response.statusCode() == 401 ? credentialHint : null;
        return new ProblemException(service, method, path.replaceFirst("\\?.*", ""), problem, hint);
    }
}
