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

/**
 * Extra broker users for tests that need a second identity on {@link TestInfrastructure#rabbitMq()} (a publisher
 * whose AMQP {@code user_id} the broker vouches for), made through its management API. Users are broker-wide:
 * delete them ({@link #delete}); those named {@code asyn2f-worker-*} are also deleted with the JVM's virtual host.
 */
public final class RabbitMqUsers {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private RabbitMqUsers() {
    }

    /** Whether users can be made here (the broker's management API is reachable). */
    public static boolean available() {
        return TestInfrastructure.rabbitMqManagement().isPresent();
    }

    /** Creates {@code user} with every permission on the test virtual host; returns its endpoint. */
    public static RabbitMqEndpoint create(String user, String password) {
        RabbitMqEndpoint broker = TestInfrastructure.rabbitMq();
        send("PUT", "api/users/" + encode(user), "{\"password\":\"" + password + "\",\"tags\":\"\"}");
        send("PUT", "api/permissions/" + encode(broker.virtualHost()) + "/" + encode(user),
                "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}");
        return new RabbitMqEndpoint(broker.host(), broker.port(), user, password, broker.virtualHost(),
                broker.source());
    }

    public static void delete(String user) {
        send("DELETE", "api/users/" + encode(user), null);
    }

    /**
     * Deletes every per-worker user ({@code asyn2f-worker-*}) with permissions on the test virtual host, e.g. those a
     * registry under test made; returns how many. Call it after each test that registers workers with per-worker
     * users: the virtual host's removal at JVM exit does it too, but a JVM that is killed (a fork timeout) never
     * gets there, and users are broker-wide.
     */
    public static int deleteWorkerUsers() {
        if (!available()) {
            return 0;
        }
        String permissions = send("GET", "api/vhosts/" + encode(TestInfrastructure.rabbitMq().virtualHost())
                + "/permissions", null);
        java.util.regex.Matcher users = WORKER_USER.matcher(permissions);
        int deleted = 0;
        while (users.find()) {
            delete(users.group(1));
            deleted++;
        }
        return deleted;
    }

    private static final java.util.regex.Pattern WORKER_USER =
            java.util.regex.Pattern.compile("\"user\":\"(asyn2f-worker-[A-Za-z0-9_-]+)\"");

    private static String send(String method, String path, String body) {
        RabbitMqEndpoint broker = TestInfrastructure.rabbitMq();
        URI management = TestInfrastructure.rabbitMqManagement()
                .orElseThrow(() -> new IllegalStateException("no RabbitMQ management API"));
        String base = management.toString().endsWith("/") ? management.toString() : management + "/";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (broker.username() + ":" + broker.password()).getBytes(StandardCharsets.UTF_8)));
        if (body != null) {
            request.header("Content-Type", "application/json").method(method,
                    HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2 && !(method.equals("DELETE") && response.statusCode() == 404)) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " interrupted", e);
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
