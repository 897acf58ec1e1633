package io.asyn2f.api.registry;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.asyn2f.api.session.TrainingConfig;

/**
 * Everything a worker needs after registering: identity, credentials, the session's training configuration, and
 * where the broker and the storage-gateway are. {@code samples} is the count the registry recorded (one fixed at
 * enrollment replaces the reported one): the worker declares it in its updates. Readers ignore fields they do not
 * know, so the registry may add some.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
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
        TrainingConfig trainingConfig,
        Broker broker,
        StorageGateway storageGateway,
        Heartbeat heartbeat) {

    /**
     * The broker account the worker uses (its own, or the shared worker account), and the broker users whose control
     * events (global.published, session.stopped) it accepts: the services'.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Broker(String host, int port, String virtualHost, String username, String password,
                         List<String> trustedPublishers) {
        public Broker {
            trustedPublishers = trustedPublishers == null ? List.of() : List.copyOf(trustedPublishers);
        }

        @Override
        public String toString() {
            return "Broker[host=" + host + ", port=" + port + ", virtualHost=" + virtualHost + ", username=" + username
                    + ", password=****, trustedPublishers=" + trustedPublishers + "]";
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StorageGateway(String url) {
    }

    /** How often to heartbeat: well inside the timeout after which the worker counts as lost. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Heartbeat(long intervalSeconds, long timeoutSeconds) {
    }

    /** The credentials this answer carries, as a refresh would return them. */
    public TokenResponse tokens() {
        return new TokenResponse(accessToken, tokenType, expiresAt, expiresIn, refreshToken, refreshExpiresAt);
    }

    @Override
    public String toString() {
        return "RegistrationResponse[workerId=" + workerId + ", sessionId=" + sessionId + ", reconnect=" + reconnect
                + "]";
    }
}
