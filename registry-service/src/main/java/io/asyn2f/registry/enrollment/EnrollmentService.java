package io.asyn2f.registry.enrollment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.asyn2f.api.event.WorkerRole;
import io.asyn2f.registry.config.RegistryProperties;
import io.asyn2f.registry.session.SessionService;
import io.asyn2f.registry.token.RefreshCredentials;
import io.asyn2f.registry.web.Problems;

/**
 * Enrollment tokens: issued by an operator for one session, with seats, an expiry, optionally a role and a fixed
 * sample count. A token is {@code et-<16 hex>.<secret>}: the id finds the row, the secret is compared with the stored
 * SHA-256 in constant time. {@link #admit} runs in the registration's transaction, so a refused or failed
 * registration takes no seat.
 */
@Service
public class EnrollmentService {

    private static final Logger log = LoggerFactory.getLogger(EnrollmentService.class);
    private static final Pattern TOKEN = Pattern.compile("(et-[0-9a-f]{16})\\.([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EnrollmentTokenRepository tokens;
    private final SessionService sessions;
    private final RegistryProperties properties;
    private final Clock clock;

    EnrollmentService(EnrollmentTokenRepository tokens, SessionService sessions, RegistryProperties properties,
            Clock clock) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.properties = properties;
        this.clock = clock;
    }

    /** Issues a token for an open session the registry knows (404 unknown, 409 closed, 400 out-of-bounds values). */
    @Transactional
    public IssuedEnrollmentToken issue(String sessionId, IssueEnrollmentTokenRequest request) {
        RegistryProperties.Enrollment settings = properties.enrollment();
        Duration ttl = request.ttl() == null ? settings.defaultTtl() : request.ttl();
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(settings.maxTtl()) > 0) {
            throw Problems.badRequest("ttl must be positive and at most " + settings.maxTtl() + ", was " + ttl);
        }
        if (request.maxWorkers() > settings.maxWorkersPerToken()) {
            throw Problems.badRequest("maxWorkers must be at most " + settings.maxWorkersPerToken() + ", was "
                    + request.maxWorkers());
        }
        sessions.requireOpen(sessionId);
        Instant now = clock.instant();
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        String tokenId = "et-" + HexFormat.of().formatHex(id);
        String secret = RefreshCredentials.generate();
        EnrollmentToken token = tokens.saveAndFlush(new EnrollmentToken(tokenId, sessionId,
                RefreshCredentials.hash(secret), request.maxWorkers(), request.role(), request.samples(),
                request.label(), now, now.plus(ttl)));
        log.info("enrollment token {} issued for session {}: {} seats until {}, role {}, samples {}", tokenId,
                sessionId, request.maxWorkers(), token.expiresAt(), request.role() == null ? "any" : request.role(),
                request.samples() == null ? "reported" : request.samples());
        return new IssuedEnrollmentToken(tokenId + "." + secret, token.view(now));
    }

    @Transactional(readOnly = true)
    public List<EnrollmentTokenView> list(String sessionId) {
        Instant now = clock.instant();
        List<EnrollmentToken> found = sessionId == null ? tokens.findAllByOrderByCreatedAt()
                : tokens.findBySessionIdOrderByCreatedAt(sessionId);
        return found.stream().map(token -> token.view(now)).toList();
    }

    @Transactional(readOnly = true)
    public EnrollmentTokenView find(String tokenId) {
        return tokens.findById(tokenId).map(token -> token.view(clock.instant()))
                .orElseThrow(() -> Problems.notFound("unknown enrollment token '" + abbreviate(tokenId) + "'"));
    }

    /** Revokes a token for good: it admits nobody any more (idempotent). Workers it admitted stay registered. */
    @Transactional
    public EnrollmentTokenView revoke(String tokenId, String reason) {
        EnrollmentToken token = tokens.findById(tokenId)
                .orElseThrow(() -> Problems.notFound("unknown enrollment token '" + abbreviate(tokenId) + "'"));
        Instant now = clock.instant();
        if (token.revokedAt() == null) {
            token.revoke(reason, now);
            tokens.saveAndFlush(token);
            log.info("enrollment token {} of session {} revoked", tokenId, token.sessionId());
        }
        return token.view(now);
    }

    /**
     * Admits a new worker to {@code sessionId} with the presented bearer credential, taking one seat of its token;
     * inside the registration's transaction. Refusals, in this order: 401 no or unknown credential (also the shared
     * secret when its mode is off), 403 a token for another session, revoked, or for the other role, 410 expired,
     * 409 no seat left.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Admission admit(String sessionId, String credential, WorkerRole role) {
        if (credential == null || credential.isBlank()) {
            throw Problems.bearerRequired("an enrollment token is required (Authorization: Bearer <token>)");
        }
        if (properties.sharedSecretMode() && sameSecret(credential, properties.enrollmentSecret())) {
            return Admission.SHARED_SECRET;
        }
        Matcher parsed = TOKEN.matcher(credential);
        EnrollmentToken token = parsed.matches() ? tokens.findById(parsed.group(1)).orElse(null) : null;
        // Hash and compare even for an unknown id, so the answer takes as long either way.
        boolean matches = RefreshCredentials.matches(parsed.matches() ? parsed.group(2) : credential,
                token == null ? "0".repeat(64) : token.secretHash());
        if (token == null || !matches) {
            throw Problems.bearerRequired("invalid enrollment token");
        }
        if (!token.sessionId().equals(sessionId)) {
            throw Problems.forbidden("this enrollment token is for another session");
        }
        Instant now = clock.instant();
        refuseUnusable(token, now);
        refuseRole(token, role);
        if (tokens.takeSeat(token.tokenId(), now) != 1) {
            // Lost a race for the last seat, or revoked/expired in between: say which.
            EnrollmentToken current = tokens.findById(token.tokenId()).orElseThrow();
            refuseUnusable(current, now);
            throw Problems.conflict("enrollment token " + token.tokenId() + " has no seat left (all "
                    + token.maxWorkers() + " taken)");
        }
        return new Admission(token.tokenId(), token.fixedSamples());
    }

    /**
     * What still binds a returning worker admitted by {@code tokenId} (null: the shared secret): its token's role and
     * sample count. Expiry, revocation and seats do not matter here: the worker proved its identity with its
     * refresh credential and takes no new seat.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Admission readmit(String tokenId, WorkerRole role) {
        if (tokenId == null) {
            return Admission.SHARED_SECRET;
        }
        EnrollmentToken token = tokens.findById(tokenId).orElseThrow();
        refuseRole(token, role);
        return new Admission(tokenId, token.fixedSamples());
    }

    private static void refuseUnusable(EnrollmentToken token, Instant now) {
        if (token.revokedAt() != null) {
            throw Problems.forbidden("enrollment token " + token.tokenId() + " is revoked");
        }
        if (!token.expiresAt().isAfter(now)) {
            throw Problems.gone("enrollment token " + token.tokenId() + " expired at " + token.expiresAt());
        }
    }

    private static void refuseRole(EnrollmentToken token, WorkerRole role) {
        if (token.role() != null && token.role() != role) {
            throw Problems.forbidden("enrollment token " + token.tokenId() + " admits only "
                    + token.role().name().toLowerCase(Locale.ROOT) + "s");
        }
    }

    private static boolean sameSecret(String presented, String secret) {
        return MessageDigest.isEqual(RefreshCredentials.hash(presented).getBytes(StandardCharsets.US_ASCII),
                RefreshCredentials.hash(secret).getBytes(StandardCharsets.US_ASCII));
    }

    private static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 61) + "...";
    }
}
