package io.asyn2f.storage.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.asyn2f.storage.config.GatewayProperties;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fills {@link RevokedWorkers} from the registry's {@code GET /api/v1/revocations}, with a service token from
 * {@code POST /api/v1/tokens/service}: once at start (an {@link ApplicationRunner}, so the instance reports ready only
 * after that first attempt) and then every {@code asyn2f.gateway.registry.catch-up-interval}, which also heals
 * {@code worker.revoked} events this instance missed (e.g. while its queue was gone during a broker outage).
 *
 * <p>A registry that cannot be reached delays nothing beyond the request timeout: the failure is logged and the next
 * run tries again. The client secret and the tokens are never logged.
 */
@Component
class RevocationCatchUp implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(RevocationCatchUp.class);

    static final String TOKEN_PATH = "/api/v1/tokens/service";
    static final String REVOCATIONS_PATH = "/api/v1/revocations";

    private final GatewayProperties.Registry registry;
    private final RevokedWorkers revokedWorkers;
    private final JsonMapper jsonMapper;
    private final HttpClient http;
    /** Whether the last run failed: a registry that stays down is reported once, not every minute. */
    private volatile boolean failing;

    RevocationCatchUp(GatewayProperties properties, RevokedWorkers revokedWorkers, JsonMapper jsonMapper) {
        this.registry = properties.registry();
        this.revokedWorkers = revokedWorkers;
        this.jsonMapper = jsonMapper;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(registry.timeout())
                .build();
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!registry.catchUpEnabled()) {
            log.warn("asyn2f.gateway.registry.client-secret is not set: revocations are not read from the registry, "
                    + "so after a restart only revocations announced by worker.revoked events from now on are known");
            return;
        }
        catchUp();
    }

    @Scheduled(initialDelayString = "${asyn2f.gateway.registry.catch-up-interval:1m}",
            fixedDelayString = "${asyn2f.gateway.registry.catch-up-interval:1m}")
    void scheduledCatchUp() {
        if (registry.catchUpEnabled()) {
            catchUp();
        }
    }

    /** One read of the list; returns whether it succeeded. Never throws. */
    boolean catchUp() {
        try {
            List<Revocation> revocations = revocations(serviceToken());
            int learned = 0;
            int skipped = 0;
            for (Revocation revocation : revocations) {
                try {
                    boolean known = revokedWorkers.isRevoked(revocation.sessionId(), revocation.workerId());
                    if (revocation.revokedAt() == null) {
                        revokedWorkers.revoke(revocation.sessionId(), revocation.workerId());
                    } else {
                        revokedWorkers.revoke(revocation.sessionId(), revocation.workerId(), revocation.revokedAt());
                    }
                    if (!known && revokedWorkers.isRevoked(revocation.sessionId(), revocation.workerId())) {
                        learned++;
                        log.info("worker {} of session {} revoked (from the registry's list): its tokens are refused",
                                revocation.workerId(), revocation.sessionId());
                    }
                } catch (IllegalArgumentException e) {
                    skipped++;
                }
            }
            if (skipped > 0) {
                log.warn("skipped {} entries of the registry's revocation list with invalid ids", skipped);
            }
            if (failing) {
                log.info("reading the registry's revocation list works again");
            }
            failing = false;
            log.debug("read {} revocations from the registry, {} of them new", revocations.size(), learned);
            return true;
        } catch (RegistryException | IOException | JacksonException e) {
            report(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            report("interrupted");
        } catch (RuntimeException e) {
            report(e.toString());
        }
        return false;
    }

    private void report(String problem) {
        if (!failing) {
            log.warn("cannot read the registry's revocation list at {} ({}); retrying every {}", registry.url(),
                    problem, registry.catchUpInterval());
        } else {
            log.debug("reading the registry's revocation list failed again: {}", problem);
        }
        failing = true;
    }

    private String serviceToken() throws IOException, InterruptedException {
        String credential = registry.clientId() + ":" + registry.clientSecret();
        HttpRequest request = HttpRequest.newBuilder(endpoint(TOKEN_PATH))
                .timeout(registry.timeout())
                .header("Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(credential.getBytes(StandardCharsets.UTF_8)))
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        ServiceToken token = jsonMapper.readValue(send(request), ServiceToken.class);
        if (token.accessToken() == null || token.accessToken().isBlank()) {
            throw new RegistryException("the registry's token answer has no accessToken");
        }
        return token.accessToken();
    }

    private List<Revocation> revocations(String token) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint(REVOCATIONS_PATH))
                .timeout(registry.timeout())
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .GET()
                .build();
        RevocationList list = jsonMapper.readValue(send(request), RevocationList.class);
        if (list.revocations() == null) {
            throw new RegistryException("the registry's revocation answer has no revocations");
        }
        return list.revocations();
    }

    private byte[] send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            // Status only: a body could echo what was sent.
            throw new RegistryException(request.method() + " " + request.uri().getPath() + " answered "
                    + response.statusCode());
        }
        return response.body();
    }

    private URI endpoint(String path) {
        String base = registry.url().toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    /** The part of the registry's token answer the gateway needs (it asks again every run, so no expiry). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ServiceToken(String accessToken) {
    }

    /** {@code {window, revocations:[{workerId, sessionId, revokedAt}]}}; other fields are ignored. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record RevocationList(String window, List<Revocation> revocations) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Revocation(String workerId, String sessionId, Instant revokedAt) {
    }

    private static final class RegistryException extends RuntimeException {
        RegistryException(String message) {
            super(message);
        }
    }
}
