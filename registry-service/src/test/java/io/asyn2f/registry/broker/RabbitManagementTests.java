package io.asyn2f.registry.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/**
 * The management client's retry rules against a small local HTTP server: a 5xx or no answer is tried again (up to
 * the attempts), a 4xx is not, a missing user counts as deleted, and the password is sent in the body only.
 */
class RabbitManagementTests {

    private HttpServer server;
    private final AtomicInteger calls = new AtomicInteger();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void shouldRetryAServerErrorUntilItSucceeds() throws Exception {
        URI url = serve(503, 503, 204);

        new RabbitManagement(url, "admin", "admin-pw", Duration.ofSeconds(2), 3).putUser("asyn2f-worker-w-1", "pw-1");

        assertThat(calls).hasValue(3);
        assertThat(requests).allSatisfy(request -> assertThat(request)
                .startsWith("PUT /api/users/asyn2f-worker-w-1 ").contains("\"password\":\"pw-1\"")
                .contains("\"tags\":\"\""));
    }

    @Test
    void shouldNotRetryARefusal() throws Exception {
        URI url = serve(401, 204);

        assertThatThrownBy(() -> new RabbitManagement(url, "admin", "wrong", Duration.ofSeconds(2), 3)
                .putUser("asyn2f-worker-w-1", "secret-pw"))
                .isInstanceOf(RabbitManagement.ManagementException.class)
                .hasMessageContaining("answered 401").hasMessageNotContaining("secret-pw");
        assertThat(calls).hasValue(1);
    }

    @Test
    void shouldCountAMissingUserAsDeleted() throws Exception {
        URI url = serve(404);

        new RabbitManagement(url, "admin", "admin-pw", Duration.ofSeconds(2), 1).deleteUser("asyn2f-worker-w-1");

        assertThat(requests).containsExactly("DELETE /api/users/asyn2f-worker-w-1 ");
    }

    @Test
    void shouldGiveUpAfterTheAttemptsWhenNothingAnswers() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        RabbitManagement management = new RabbitManagement(URI.create("http://127.0.0.1:" + port + "/"), "admin",
                "admin-pw", Duration.ofSeconds(1), 2);

        assertThatThrownBy(() -> management.closeConnections("asyn2f-worker-w-1"))
                .isInstanceOfSatisfying(RabbitManagement.ManagementException.class,
                        e -> assertThat(e.status()).isZero());
    }

    /** A server answering the given statuses in turn (the last one from then on). */
    private URI serve(int... statuses) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            int call = calls.getAndIncrement();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + " " + body);
            int status = statuses[Math.min(call, statuses.length - 1)];
            exchange.sendResponseHeaders(status, status == 204 ? -1 : 0);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }
}
