package io.asyn2f.storage.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The registry's two endpoints the gateway catches up from, on a real HTTP server: {@code POST /api/v1/tokens/service}
 * (HTTP Basic with one client id and secret) and {@code GET /api/v1/revocations} (a token it issued).
 */
public final class FakeRegistry implements AutoCloseable {

    public record Revocation(String workerId, String sessionId, Instant revokedAt) {
    }

    private final HttpServer server;
    private final String expectedBasic;
    private final Set<String> issuedTokens = ConcurrentHashMap.newKeySet();
    private final List<Revocation> revocations = new CopyOnWriteArrayList<>();
    private final AtomicInteger revocationReads = new AtomicInteger();
    private volatile boolean available = true;

    public FakeRegistry(String clientId, String clientSecret) {
        expectedBasic = "Basic " + Base64.getEncoder()
                .encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/v1/tokens/service", this::token);
        server.createContext("/api/v1/revocations", this::revocations);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public FakeRegistry revoked(String sessionId, String workerId, Instant at) {
        revocations.add(new Revocation(workerId, sessionId, at));
        return this;
    }

    /** While unavailable every call is answered 503, as a registry still starting would. */
    public void available(boolean available) {
        this.available = available;
    }

    public Set<String> issuedTokens() {
        return Set.copyOf(issuedTokens);
    }

    /** Successful reads of the revocation list. */
    public int revocationReads() {
        return revocationReads.get();
    }

    private void token(HttpExchange exchange) throws IOException {
        if (!available) {
            answer(exchange, 503, "{}");
        } else if (!"POST".equals(exchange.getRequestMethod())
                || !expectedBasic.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, 401, "{\"status\":401}");
        } else {
            String token = "token-" + UUID.randomUUID();
            issuedTokens.add(token);
            answer(exchange, 200, "{\"accessToken\":\"" + token + "\",\"tokenType\":\"Bearer\",\"expiresAt\":\""
                    + Instant.now().plusSeconds(300) + "\",\"expiresIn\":300,\"refreshToken\":null,"
                    + "\"refreshExpiresAt\":null}");
        }
    }

    private void revocations(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (!available) {
            answer(exchange, 503, "{}");
        } else if (!"GET".equals(exchange.getRequestMethod()) || authorization == null
                || !authorization.startsWith("Bearer ") || !issuedTokens.contains(authorization.substring(7))) {
            answer(exchange, 401, "{\"status\":401}");
        } else {
            StringBuilder json = new StringBuilder("{\"window\":\"PT5M\",\"revocations\":[");
            for (int i = 0; i < revocations.size(); i++) {
                Revocation revocation = revocations.get(i);
                json.append(i == 0 ? "" : ",").append("{\"workerId\":\"").append(revocation.workerId())
                        .append("\",\"sessionId\":\"").append(revocation.sessionId())
                        .append("\",\"revokedAt\":\"").append(revocation.revokedAt()).append("\"}");
            }
            revocationReads.incrementAndGet();
            answer(exchange, 200, json.append("]}").toString());
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
