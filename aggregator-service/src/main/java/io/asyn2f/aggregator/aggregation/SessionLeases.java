package io.asyn2f.aggregator.aggregation;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.asyn2f.aggregator.config.AggregatorProperties;
import io.asyn2f.aggregator.config.DatabaseSchema;
import io.asyn2f.s3.S3Properties;

/**
 * Which aggregator instance may write a session's next version: a lease per session in PostgreSQL with a fencing
 * token. An instance takes a session's lease when it is free or expired (the token then grows by one) and renews it
 * (same token) at every aggregation; {@link VersionCommitter} commits only under the holder's token, with the lease
 * row locked, so an instance that lost the lease while it aggregated (paused, cut off, or the old pod of a rolling
 * update) commits nothing, and it leaves the blob it wrote alone (the new holder may have written that key since).
 *
 * <p>The object store does not check tokens, so writes are kept inside the lease by time instead: the instance renews
 * right before it writes, and writes only while the lease has at least the store's call timeout left
 * ({@link #mayWrite}), measured on its own monotonic clock from before the renewal was sent; expiry is judged by the
 * database's clock alone, so the instances' clocks need not agree. Another instance can take the lease only once it
 * has expired, which is after any write begun under it has finished or been abandoned.
 *
 * <p>Leases are given back when the instance shuts down, so a rolling update or restart hands sessions over at once;
 * after a crash the successor waits until the lease expires ({@code ttl} after the last aggregation at most).
 */
@Component
public class SessionLeases {

    private static final Logger log = LoggerFactory.getLogger(SessionLeases.class);

    /** What a lease must leave, beyond a store call, for reading, aggregating and committing. */
    static final Duration MIN_AGGREGATION_TIME = Duration.ofSeconds(5);

    private final JdbcTemplate jdbc;
    private final String table;
    private final String holder;
    private final Duration ttl;

    @Autowired
    SessionLeases(JdbcTemplate jdbc, AggregatorProperties properties, S3Properties s3,
            @Value("${spring.jpa.properties.hibernate.default_schema:aggregator}") String schema) {
        this(jdbc, schema, hostName() + "/" + UUID.randomUUID(), properties.aggregation().leaseTtl());
        if (properties.aggregation().leaseTtl().compareTo(s3.callTimeout().plus(MIN_AGGREGATION_TIME)) < 0) {
            throw new IllegalStateException("asyn2f.aggregator.aggregation.lease-ttl ("
                    + properties.aggregation().leaseTtl() + ") must exceed asyn2f.s3.call-timeout ("
                    + s3.callTimeout() + ") by at least " + MIN_AGGREGATION_TIME
                    + ": a version is written only while the lease outlasts the longest store call");
        }
    }

    /** A lease table client of its own (tests play a second instance with one). */
    SessionLeases(JdbcTemplate jdbc, String schema, String holder, Duration ttl) {
        this.table = DatabaseSchema.table(schema, "session_lease");
        this.jdbc = jdbc;
        this.holder = holder;
        this.ttl = ttl;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "aggregator";
        }
    }

    /** This instance's name in the lease table: host name and a random id of this process. */
    public String holder() {
        return holder;
    }

    /**
     * Takes or renews the session's lease: renewed (same token) while this instance holds it, taken (token + 1) when
     * it is free or expired; empty while another instance holds it.
     */
    public Optional<Lease> acquire(String sessionId) {
        long sentAt = System.nanoTime();
        // One statement, atomic under the row's lock: PostgreSQL re-checks the WHERE on the current row version.
        List<Long> tokens = jdbc.queryForList("insert into " + table + """
                 (session_id, holder, token, expires_at)
                values (?, ?, 1, now() + make_interval(secs => ?))
                on conflict (session_id) do update set
                    token = case when session_lease.holder = excluded.holder and session_lease.expires_at > now()
                                 then session_lease.token else session_lease.token + 1 end,
                    holder = excluded.holder,
                    expires_at = excluded.expires_at
                where session_lease.holder = excluded.holder or session_lease.expires_at <= now()
                returning token
                """, Long.class, sessionId, holder, ttl.toMillis() / 1000.0);
        if (tokens.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Lease(sessionId, holder, tokens.get(0), sentAt + ttl.toNanos()));
    }

    /**
     * Locks the session's lease row until the transaction ends and tells whether {@code lease} still holds it: its
     * holder, its token. An expired lease that nobody took is still held (nothing else can have written meanwhile).
     * Must run inside a transaction.
     */
    boolean holdsLocked(Lease lease) {
        List<Long> tokens = jdbc.queryForList(
                "select token from " + table + " where session_id = ? and holder = ? for update", Long.class,
                lease.sessionId(), lease.holder());
        return !tokens.isEmpty() && tokens.get(0) == lease.token();
    }

    /** Whether a store call that may take up to {@code callTimeout} ends, at the latest, before the lease expires. */
    static boolean mayWrite(Lease lease, Duration callTimeout) {
        return lease.deadlineNanos() - System.nanoTime() > callTimeout.toNanos();
    }

    /**
     * Gives back every lease of this instance (at shutdown, once no aggregation runs): they expire now, so the next
     * instance takes them at once, with the next token (rows are kept: tokens never repeat).
     */
    void releaseAll() {
        try {
            int released = jdbc.update("update " + table + " set expires_at = now() where holder = ?", holder);
            if (released > 0) {
                log.info("gave back {} session lease(s)", released);
            }
        } catch (RuntimeException e) {
            log.warn("could not give back the session leases of {}; they expire within {}", holder, ttl, e);
        }
    }

    /**
     * A session's lease as this instance took it.
     *
     * @param holder        the instance that took it
     * @param token         the fencing token: grows at every change of holder
     * @param deadlineNanos {@link System#nanoTime()} by which the lease has surely expired on the database's clock
     *                      (taken from before the request was sent, so it errs early)
     */
    public record Lease(String sessionId, String holder, long token, long deadlineNanos) {
    }
}
