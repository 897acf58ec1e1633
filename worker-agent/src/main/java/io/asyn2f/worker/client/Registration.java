package io.asyn2f.worker.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The registry's answer to a registration (docs/registry-api.md). Unknown fields are ignored.
 *
 * @param samples        the sample count the registry recorded (fixed at enrollment, or the one reported); null from
 *                       a registry that does not say
 * @param trainingConfig the session's training configuration, passed through from {@code session.opened}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Registration(
        String workerId,
        String sessionId,
        String role,
        boolean reconnect,
        Long samples,
        String accessToken,
        Instant expiresAt,
        String refreshToken,
        Instant refreshExpiresAt,
        Map<String, Object> trainingConfig,
        Broker broker,
        StorageGateway storageGateway,
        Heartbeat heartbeat) {

    /**
     * How to reach the event broker (AMQP 0-9-1), and the broker users whose control events (global.published,
     * session.stopped) the worker accepts: the services'. A registry that names none (older than this field) leaves
     * the list empty, and then any publisher is accepted, as before.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Broker(String host, int port, String virtualHost, String username, String password,
                         List<String> trustedPublishers) {

        public Broker {
            trustedPublishers = trustedPublishers == null ? List.of() : List.copyOf(trustedPublishers);
        }

        @Override
        public String toString() {
            return "Broker[" + username + "@" + host + ":" + port + virtualHost + "]"; // no password in logs
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StorageGateway(String url) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Heartbeat(int intervalSeconds, int timeoutSeconds) {
    }

    public Tokens tokens() {
        return new Tokens(accessToken, expiresAt, refreshToken, refreshExpiresAt);
    }

    @Override
    public String toString() {
        return "Registration[workerId=" + workerId + ", sessionId=" + sessionId + ", role=" + role + ", reconnect="
                + reconnect + ", broker=" + broker + ", storageGateway=" + storageGateway + "]";
    }
}
