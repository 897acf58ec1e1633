package io.asyn2f.registry.broker;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The few calls of the RabbitMQ management HTTP API (3.10 and later) that manage worker users: create or replace a
 * user, set its permissions and topic permissions on one virtual host, delete it, close its connections, list the
 * users that have permissions on a virtual host. Each call has a request timeout and is retried with backoff when
 * the broker does not answer or answers 5xx; a 4xx answer fails at once. Passwords are sent only in request bodies
 * and never appear in an exception or a log line.
 */
public final class RabbitManagement {

    /** A call the broker refused or that could not be made after the retries. */
    public static class ManagementException extends RuntimeException {
        private final int status;

        ManagementException(String message, int status, Throwable cause) {
            super(message, cause);
            this.status = status;
        }

        /** The HTTP status, or 0 when the broker did not answer. */
        public int status() {
            return status;
        }
    }

    private final HttpClient http;
    private final URI base;
    private final String authorization;
    private final Duration timeout;
    private final RetryPolicy retries;
    private final JsonMapper json = JsonMapper.builder().build();

    /**
     * @param base     the management API's base URL, e.g. {@code http://rabbitmq:15672/}
     * @param attempts how many times a call is tried in all (at least 1)
     */
    public RabbitManagement(URI base, String username, String password, Duration timeout, int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
        }
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout;
        // HTTP/1.1: the JDK client's h2c upgrade of a request with a body is not answered well by every broker.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
        this.retries = RetryPolicy.builder()
                .includes(Transient.class)
                .maxRetries(attempts - 1)
                .delay(Duration.ofMillis(200))
                .multiplier(2)
                .maxDelay(Duration.ofSeconds(2))
                .build();
    }

    /** Creates the user, or replaces its password (and tags) if it exists. No tags: no management access. */
    public void putUser(String user, String password) {
        send("PUT", "api/users/" + encode(user), Map.of("password", password, "tags", ""), false);
    }

    public void putPermissions(String vhost, String user, String configure, String write, String read) {
        send("PUT", "api/permissions/" + encode(vhost) + "/" + encode(user),
                Map.of("configure", configure, "write", write, "read", read), false);
    }

    public void putTopicPermissions(String vhost, String user, String exchange, String write, String read) {
        send("PUT", "api/topic-permissions/" + encode(vhost) + "/" + encode(user),
                Map.of("exchange", exchange, "write", write, "read", read), false);
    }

    /** Deletes the user; a user that is not there counts as deleted. */
    public void deleteUser(String user) {
        send("DELETE", "api/users/" + encode(user), null, true);
    }

    /**
     * Closes every connection the user has open. RabbitMQ 3.10 closes them itself when the user is deleted
     * (measured), a password change leaves them open (measured).
     */
    public void closeConnections(String user) {
        send("DELETE", "api/connections/username/" + encode(user), null, true);
    }

    /** Names of the users with permissions on {@code vhost} that start with {@code prefix}. */
    public List<String> usersOf(String vhost, String prefix) {
        JsonNode permissions = json.readTree(send("GET", "api/vhosts/" + encode(vhost) + "/permissions", null,
                false));
        List<String> names = new ArrayList<>();
        for (JsonNode permission : permissions) {
            String user = permission.path("user").asString();
            if (user.startsWith(prefix)) {
                names.add(user);
            }
        }
        return names;
    }

    private String send(String method, String path, Map<String, String> body, boolean notFoundIsFine) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Authorization", authorization);
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpRequest built = request.build();
        String call = method + " " + redact(path);
        try {
            return new RetryTemplate(retries).execute(() -> {
                HttpResponse<String> response;
                try {
                    response = http.send(built, HttpResponse.BodyHandlers.ofString());
                } catch (IOException e) {
                    throw new Transient(call + " failed: " + e, 0, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ManagementException(call + " interrupted", 0, e);
                }
                int status = response.statusCode();
                if (status / 100 == 2 || (notFoundIsFine && status == 404)) {
                    return response.body();
                }
                String message = call + " answered " + status;
                if (status >= 500) {
                    throw new Transient(message, status, null);
                }
                throw new ManagementException(message, status, null);
            });
        } catch (RetryException e) {
            Throwable last = e.getLastException() != null ? e.getLastException() : e.getCause();
            if (last instanceof ManagementException management) {
                throw management;
            }
            throw new ManagementException(call + " failed", 0, last);
        }
    }

    /** Paths hold no secret, but user names can be long: keep messages short. */
    private static String redact(String path) {
        return path.length() <= 120 ? path : path.substring(0, 117) + "...";
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Worth another try: no answer, or a 5xx. */
    private static final class Transient extends ManagementException {
        Transient(String message, int status, Throwable cause) {
            super(message, status, cause);
        }
    }

    @Override
    public String toString() {
        return "RabbitManagement[" + base + "]";
    }
}
