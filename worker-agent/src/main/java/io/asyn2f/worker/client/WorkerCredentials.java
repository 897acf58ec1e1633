package io.asyn2f.worker.client;

import io.asyn2f.api.registry.TokenResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The worker's current access token, renewed through the registry shortly before it expires. The refresh credential
 * rotates on every use, so renewals are serialised.
 */
public class WorkerCredentials {

    private static final Duration RENEW_BEFORE = Duration.ofSeconds(30);

    private final RegistryClient registry;
    private final String workerId;
    private final Clock clock;
    private final java.util.function.Consumer<TokenResponse> onRenewal;
    private TokenResponse tokens;

    public WorkerCredentials(RegistryClient registry, String workerId, TokenResponse tokens, Clock clock) {
        this(registry, workerId, tokens, clock, renewed -> { });
    }

    /** @param onRenewal told of every new pair of tokens (the refresh credential rotates: keep the newest) */
    public WorkerCredentials(RegistryClient registry, String workerId, TokenResponse tokens, Clock clock,
            java.util.function.Consumer<TokenResponse> onRenewal) {
        this.registry = registry;
        this.workerId = workerId;
        this.tokens = tokens;
        this.clock = clock;
        this.onRenewal = onRenewal;
    }

    /** An access token valid for at least a little while. */
    public synchronized String accessToken() {
        Instant expiresAt = tokens.expiresAt();
        if (expiresAt != null && clock.instant().isAfter(expiresAt.minus(RENEW_BEFORE))) {
            tokens = registry.refresh(workerId, tokens.refreshToken());
            onRenewal.accept(tokens);
        }
        return tokens.accessToken();
    }

    public synchronized TokenResponse tokens() {
        return tokens;
    }

    public String workerId() {
        return workerId;
    }
}
