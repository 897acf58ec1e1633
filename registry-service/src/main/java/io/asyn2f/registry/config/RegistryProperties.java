package io.asyn2f.registry.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the registry ({@code asyn2f.registry.*}). Secrets (enrollment secret, admin password, service
 * client secrets, signing key) come from the environment or a Kubernetes Secret and are never logged.
 *
 * @param enrollmentSecret the shared bearer secret of the development mode ({@code enrollment.shared-secret-enabled});
 *                         ignored otherwise
 * @param enrollment       per-session enrollment tokens, the shared-secret development mode, the registration limit
 * @param admin            credentials of the admin API (HTTP Basic)
 * @param tokens           token signing and lifetimes
 * @param serviceClients   services that may obtain a service token, by name (HTTP Basic: name + secret)
 * @param heartbeat        when a silent worker counts as lost
 * @param workerBroker     where registered workers reach the message broker
 * @param storageGateway   where registered workers reach the storage-gateway
 * @param sessionsQueue    the queue the registry learns sessions from
 */
@Validated
@ConfigurationProperties("asyn2f.registry")
public record RegistryProperties(
        String enrollmentSecret,
        @Valid @DefaultValue Enrollment enrollment,
        @Valid @DefaultValue Admin admin,
        @Valid @NotNull Tokens tokens,
        Map<String, @Valid ServiceClient> serviceClients,
        @Valid @NotNull Heartbeat heartbeat,
        @Valid @NotNull WorkerBroker workerBroker,
        @Valid @NotNull StorageGateway storageGateway,
        @DefaultValue(io.asyn2f.api.event.EventRouting.REGISTRY_SESSIONS_QUEUE) @NotBlank String sessionsQueue) {

    public RegistryProperties {
        serviceClients = serviceClients == null ? Map.of() : Map.copyOf(serviceClients);
        if (enrollment != null && enrollment.sharedSecretEnabled()
                && (enrollmentSecret == null || enrollmentSecret.isBlank())) {
            throw new IllegalArgumentException("asyn2f.registry.enrollment.shared-secret-enabled=true needs"
                    + " asyn2f.registry.enrollment-secret (environment ASYN2F_REGISTRY_ENROLLMENTSECRET)");
        }
    }

    @Override
    public String toString() {
        return "RegistryProperties[enrollmentSecret=" + (enrollmentSecret == null ? "none" : "****") + ", enrollment="
                + enrollment + ", admin=" + admin + ", tokens=" + tokens + ", serviceClients=" + serviceClients.keySet()
                + ", heartbeat=" + heartbeat + ", workerBroker=" + workerBroker + ", storageGateway=" + storageGateway
                + ", sessionsQueue=" + sessionsQueue + "]";
    }

    /** Whether the shared secret admits workers (the development mode); if not, only enrollment tokens do. */
    public boolean sharedSecretMode() {
        return enrollment.sharedSecretEnabled();
    }

    /**
     * Who may register. In production every registration presents an enrollment token that an operator issued for
     * one session through the admin API ({@code POST /api/v1/admin/sessions/{id}/enrollment-tokens}).
     *
     * @param sharedSecretEnabled the development mode: {@code enrollment-secret} also admits any worker to any
     *                            session, without seats or expiry (off by default; warned about at start)
     * @param defaultTtl          a token's lifetime when the request names none
     * @param maxTtl              the longest lifetime a token may be issued with
     * @param maxWorkersPerToken  the most seats one token may have
     * @param maxAttempts         registration requests per client address, and per presented credential, within
     *                            {@code attemptWindow}; one more is answered 429 with Retry-After
     * @param attemptWindow       how long a registration request counts
     */
    public record Enrollment(
            @DefaultValue("false") boolean sharedSecretEnabled,
            @DefaultValue("4h") @NotNull Duration defaultTtl,
            @DefaultValue("30d") @NotNull Duration maxTtl,
            @DefaultValue("10000") @Min(1) int maxWorkersPerToken,
            @DefaultValue("60") @Min(1) int maxAttempts,
            @DefaultValue("1m") @NotNull Duration attemptWindow) {
    }

    /**
     * Admin API credentials, both required (no defaults), and the limit on failed logins, which also applies to the
     * service clients' HTTP Basic logins.
     *
     * @param maxFailedAttempts failed logins per client address, and per user name, within the window; one more is
     *                          answered 429 with Retry-After, without checking the credential
     * @param failureWindow     how long a failed login counts
     */
    public record Admin(
            @NotBlank(message = USERNAME_REQUIRED) String username,
            @NotBlank(message = PASSWORD_REQUIRED) @Size(min = 8, message = PASSWORD_REQUIRED) String password,
            @DefaultValue("10") @Min(1) int maxFailedAttempts,
            @DefaultValue("5m") @NotNull Duration failureWindow) {

        static final String USERNAME_REQUIRED = "is required and has no default: set asyn2f.registry.admin.username"
                + " (environment ASYN2F_REGISTRY_ADMIN_USERNAME)";
        static final String PASSWORD_REQUIRED = "is required and has no default: set asyn2f.registry.admin.password"
                + " (environment ASYN2F_REGISTRY_ADMIN_PASSWORD) to at least 8 characters";

        @Override
        public String toString() {
            return "Admin[username=" + username + ", password=****, maxFailedAttempts=" + maxFailedAttempts
                    + ", failureWindow=" + failureWindow + "]";
        }
    }

    /**
     * @param signingKey         PEM (PKCS#8) EC P-256 private key; takes precedence over the location
     * @param signingKeyLocation a resource holding that PEM, e.g. {@code file:/etc/asyn2f/signing-key.pem}
     * @param keyId              the {@code kid}; defaults to the key's RFC 7638 thumbprint
     * @param accessTokenTtl     lifetime of access tokens
     * @param refreshTokenTtl    lifetime of a refresh credential (each refresh rotates it and restarts the clock)
     */
    public record Tokens(
            String signingKey,
            String signingKeyLocation,
            String keyId,
            @DefaultValue("5m") @NotNull Duration accessTokenTtl,
            @DefaultValue("24h") @NotNull Duration refreshTokenTtl) {
        @Override
        public String toString() {
            return "Tokens[signingKey=" + (signingKey == null ? "none" : "****") + ", signingKeyLocation="
                    + signingKeyLocation + ", keyId=" + keyId + ", accessTokenTtl=" + accessTokenTtl
                    + ", refreshTokenTtl=" + refreshTokenTtl + "]";
        }
    }

    /** A service allowed to obtain service tokens. */
    public record ServiceClient(@NotBlank String secret) {
        @Override
        public String toString() {
            return "ServiceClient[secret=****]";
        }
    }

    /**
     * @param timeout       a worker without heartbeat for this long becomes LOST
     * @param sweepInterval how often silent workers are looked for
     * @param flushInterval how often the heartbeats of workers known to be ACTIVE are written, all in one batch
     *                      (a heartbeat is answered from memory in between); 0 writes each one at once
     */
    public record Heartbeat(
            @DefaultValue("30s") @NotNull Duration timeout,
            @DefaultValue("5s") @NotNull Duration sweepInterval,
            @DefaultValue("1s") @NotNull Duration flushInterval) {
    }

    /**
     * Broker coordinates handed to workers. Without {@code management.url} every worker gets this one shared account
     * ({@code username}/{@code password}); with it, the registry gives each worker a broker user of its own with
     * least privilege (docs/security.md, "Broker identity") and {@code username}/{@code password} are not used.
     *
     * @param trustedPublishers the broker users whose control events (global.published, session.stopped) workers
     *                          accept: the services' own user(s); empty means the registry's own broker user
     */
    public record WorkerBroker(
            @NotBlank String host,
            @DefaultValue("5672") @Min(1) @Max(65535) int port,
            @DefaultValue("/") @NotBlank String virtualHost,
            @NotBlank String username,
            @NotBlank String password,
            List<String> trustedPublishers,
            @Valid @DefaultValue Management management) {

        public WorkerBroker {
            trustedPublishers = trustedPublishers == null ? List.of()
                    : trustedPublishers.stream().filter(user -> user != null && !user.isBlank()).toList();
        }

        @Override
        public String toString() {
            return "WorkerBroker[host=" + host + ", port=" + port + ", virtualHost=" + virtualHost + ", username="
                    + username + ", password=****, trustedPublishers=" + trustedPublishers + ", management="
                    + management + "]";
        }
    }

    /**
     * The RabbitMQ management HTTP API the registry manages worker users through (per-worker broker identity).
     *
     * @param url              e.g. {@code http://rabbitmq:15672/}; unset keeps the shared worker account
     * @param username         a broker user allowed to manage users and permissions (tag {@code administrator}),
     *                         used only for these calls, never handed out
     * @param timeout          connect and request timeout of one call; with {@code attempts} it bounds how long a
     *                         registration's transaction waits for the broker (3 x 3 s + backoff, about 10 s)
     * @param attempts         tries of one call in all (5xx or no answer), with backoff from 200 ms
     * @param sessionStopGrace how long a worker that is still active keeps its user after its session stopped, so it
     *                         can read the stop and delete its queue; then the user is deleted
     * @param sweepInterval    how often users that should not exist any more are looked for and deleted
     */
    public record Management(
            URI url,
            String username,
            String password,
            @DefaultValue("3s") @NotNull Duration timeout,
            @DefaultValue("3") @Min(1) @Max(10) int attempts,
            @DefaultValue("60s") @NotNull Duration sessionStopGrace,
            @DefaultValue("60s") @NotNull Duration sweepInterval) {

        public Management {
            if (url != null && (username == null || username.isBlank() || password == null || password.isBlank())) {
                throw new IllegalArgumentException("asyn2f.registry.worker-broker.management.url is set: set its "
                        + "username and password too (a broker user allowed to manage users)");
            }
        }

        /** Whether workers get broker users of their own. */
        public boolean enabled() {
            return url != null;
        }

        @Override
        public String toString() {
            return "Management[url=" + url + ", username=" + username + ", password=****, timeout=" + timeout
                    + ", attempts=" + attempts + ", sessionStopGrace=" + sessionStopGrace + ", sweepInterval="
                    + sweepInterval + "]";
        }
    }

    /** The storage-gateway's base URL as workers see it. */
    public record StorageGateway(@NotBlank String url) {
    }
}
