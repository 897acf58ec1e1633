package io.asyn2f.registry.worker;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything a worker needs after registering: identity, credentials, the session's training configuration, and
 * where the broker and the storage-gateway are. {@code samples} is the count the registry recorded (one fixed at
 * enrollment replaces the reported one): the worker declares it in its updates.
 */
public record RegistrationResponse(
        String workerId,
        String sessionId,
        String role,
        boolean reconnect,
        long samples,
        String accessToken,
        String tokenType,
        Instant expiresAt,
        long expiresIn,
        String refreshToken,
        Instant refreshExpiresAt,
        Map<String, Object> trainingConfig,
        Broker broker,
        StorageGateway storageGateway,
        Heartbeat heartbeat) {

    /**
     * The broker account the worker uses (its own, or the shared worker account), and the broker users whose control
     * events (global.published, session.stopped) it accepts: the services'.
     */
    public record Broker(String host, int port, String virtualHost, String username, String password,
                         List<String> trustedPublishers) {
        public Broker {
            trustedPublishers = List.copyOf(trustedPublishers);
        }

        @Override
        public String toString() {
            return "Broker[host=" + host + ", port=" + port + ", virtualHost=" + virtualHost + ", username=" + username
                    + ", password=****, trustedPublishers=" + trustedPublishers + "]";
        }
    }

    public record StorageGateway(String url) {
    }

    /** How often to heartbeat: well inside the timeout after which the worker counts as lost. */
    public record Heartbeat(long intervalSeconds, long timeoutSeconds) {
    }

    @Override
    public String toString() {
        return "RegistrationResponse[workerId=" + workerId + ", sessionId=" + sessionId + ", reconnect=" + reconnect
                + "]";
    }
}
