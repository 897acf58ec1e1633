package io.asyn2f.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.InstantSource;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * A {@link JwtDecoder} that remembers the tokens its delegate accepted, so a worker's access token is verified once
 * rather than at every call: the ES256 signature check is most of what a heartbeat, a presigned URL or an update's
 * intake costs (about 40% of the CPU of a 1,000-worker load test before this cache). A token is a fixed string, so
 * what its signature, issuer and audience said holds for as long as it is used; only time changes, and a cached
 * token is given out only before its {@code exp}, after which the delegate judges it again with its clock skew.
 *
 * <p>Entries are keyed by the token's SHA-256 (the raw token is not kept), hold only accepted tokens (a refused one
 * is refused again by the delegate each time), and number at most {@code maxEntries}: when full, expired entries go
 * first and, if that frees nothing, all of them. What is not re-checked on a hit is the signing key: a key removed
 * from the JWKS keeps the tokens it signed valid here until they expire (an access token lives minutes), which the
 * services' revocation checks (worker state, the gateway's revoked list) do not depend on.
 */
public final class VerifiedTokenCache implements JwtDecoder {

    /** Enough for two live access tokens each of 25,000 workers. */
    public static final int DEFAULT_MAX_ENTRIES = 50_000;

    private final JwtDecoder delegate;
    private final int maxEntries;
    private final Duration maxAge;
    private final InstantSource clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final LongAdder hits = new LongAdder();

    private record Entry(Jwt jwt, Instant until) {
    }

    /**
     * @param maxAge the longest a verification is reused, however late the token expires (a token without
     *               {@code exp} is never cached)
     */
    public VerifiedTokenCache(JwtDecoder delegate, int maxEntries, Duration maxAge, InstantSource clock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
        }
        this.delegate = delegate;
        this.maxEntries = maxEntries;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** With {@link #DEFAULT_MAX_ENTRIES}, verifications reused for at most an hour, on the system clock. */
    public VerifiedTokenCache(JwtDecoder delegate) {
        this(delegate, DEFAULT_MAX_ENTRIES, Duration.ofHours(1), Clock.systemUTC());
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        if (token == null) {
            return delegate.decode(null);
        }
        String key = sha256(token);
        Instant now = clock.instant();
        Entry entry = entries.get(key);
        if (entry != null && now.isBefore(entry.until())) {
            hits.increment();
            return entry.jwt();
        }
        if (entry != null) {
            entries.remove(key, entry);
        }
        Jwt jwt = delegate.decode(token);
        if (jwt.getExpiresAt() != null && now.isBefore(jwt.getExpiresAt())) {
            Instant until = jwt.getExpiresAt().isBefore(now.plus(maxAge)) ? jwt.getExpiresAt() : now.plus(maxAge);
            makeRoom(now);
            entries.put(key, new Entry(jwt, until));
        }
        return jwt;
    }

    private void makeRoom(Instant now) {
        if (entries.size() < maxEntries) {
            return;
        }
        entries.values().removeIf(e -> !now.isBefore(e.until()));
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
    }

    /** Tokens answered from the cache. */
    public long hits() {
        return hits.sum();
    }

    public int size() {
        return entries.size();
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
