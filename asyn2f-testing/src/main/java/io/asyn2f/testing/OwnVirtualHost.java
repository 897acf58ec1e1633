package io.asyn2f.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A virtual host of this JVM's own on a shared RabbitMQ, created through the management HTTP API. Queue and exchange
 * names are fixed by the product ({@code asyn2f.events}, {@code asyn2f.aggregator.updates}, ...), so two test JVMs on
 * one broker (a build in another clone, a second CI job) would consume each other's messages; in a virtual host of
 * its own each run sees only its own. Virtual hosts left by a JVM that died (its pid is in the name) are removed, with
 * the per-worker broker users ({@code asyn2f-worker-*}) that had permissions on them.
 */
final class OwnVirtualHost implements AutoCloseable {

    static final String PREFIX = "asyn2f-test-";
    private static final Pattern NAME = Pattern.compile("\"name\":\"(" + PREFIX + "(\\d+)-[a-z0-9]+)\"");

    private static final Pattern WORKER_USER = Pattern.compile("\"user\":\"(asyn2f-worker-[A-Za-z0-9_-]+)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI management;
    private final String authorization;
    private final String name;

    private OwnVirtualHost(URI management, String username, String password, String name) {
        this.management = management;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        this.name = name;
    }

    /** Creates one and grants {@code username} everything in it, or empty when the management API is not there. */
    static Optional<OwnVirtualHost> create(URI management, String username, String password) {
        String name = PREFIX + ProcessHandle.current().pid() + "-"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        OwnVirtualHost vhost = new OwnVirtualHost(management, username, password, name);
        try {
            vhost.removeAbandoned();
            vhost.send("PUT", "/api/vhosts/" + encode(name), "{}");
            vhost.send("PUT", "/api/permissions/" + encode(name) + "/" + encode(username),
                    "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}");
            return Optional.of(vhost);
        } catch (IOException e) {
            System.err.println("[asyn2f-testing] no virtual host of this JVM's own (" + e.getMessage()
                    + "); using the configured one, shared with any other test run on this broker");
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    String name() {
        return name;
    }

    private void removeAbandoned() throws IOException, InterruptedException {
        Matcher matcher = NAME.matcher(send("GET", "/api/vhosts", null));
        while (matcher.find()) {
            long pid = Long.parseLong(matcher.group(2));
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                continue;
            }
            try {
                deleteWorkerUsers(matcher.group(1));
                send("DELETE", "/api/vhosts/" + encode(matcher.group(1)), null);
            } catch (IOException e) {
                // Another JVM removed it first.
            }
        }
    }

    /**
     * Deletes the virtual host, and first the per-worker broker users ({@code asyn2f-worker-*}) that have permissions
     * on it: users are broker-wide and would outlive it.
     */
    @Override
    public void close() throws IOException, InterruptedException {
        deleteWorkerUsers(name);
        send("DELETE", "/api/vhosts/" + encode(name), null);
    }

    private void deleteWorkerUsers(String vhost) throws IOException, InterruptedException {
        Matcher users = WORKER_USER.matcher(send("GET", "/api/vhosts/" + encode(vhost) + "/permissions", null));
        while (users.find()) {
            try {
                send("DELETE", "/api/users/" + encode(users.group(1)), null);
            } catch (IOException e) {
                // Deleted meanwhile (by the registry under test).
            }
        }
    }

    private String send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(management.resolve(path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", authorization);
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
