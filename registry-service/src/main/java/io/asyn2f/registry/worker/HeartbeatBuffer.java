package io.asyn2f.registry.worker;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

import io.asyn2f.registry.config.RegistryProperties;

/**
 * Heartbeats of workers this instance knows to be ACTIVE, kept in memory and written every
 * {@code asyn2f.registry.heartbeat.flush-interval} in one batch, so a heartbeat costs no database round trip: with
 * ten thousand workers heartbeating every ten seconds that is a thousand transactions a second saved. A worker is
 * known ACTIVE once a heartbeat of it was written directly ({@link WorkerService#heartbeat}); it stops being known
 * when this instance revokes it or marks it lost, and when a batch finds it no longer ACTIVE (another replica
 * revoked it, or the sweep marked it lost), so its next heartbeat takes the full path again (refused, or announced
 * as a return). The sweep writes the buffer first, so it judges silence on every heartbeat this instance answered;
 * a crash loses at most one interval of heartbeats, far inside the timeout.
 */
@Component
class HeartbeatBuffer implements SchedulingConfigurer, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatBuffer.class);

    private final JdbcTemplate jdbc;
    private final String table;
    private final Duration flushInterval;
    private final Set<String> active = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> pending = new ConcurrentHashMap<>();

    HeartbeatBuffer(JdbcTemplate jdbc, RegistryProperties properties,
            @Value("${spring.jpa.properties.hibernate.default_schema:registry}") String schema) {
        if (!schema.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain schema name: " + schema);
        }
        this.jdbc = jdbc;
        this.table = schema + ".worker";
        this.flushInterval = properties.heartbeat().flushInterval();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (!flushInterval.isZero()) {
            registrar.addFixedDelayTask(this::flushSafely, flushInterval);
        }
    }

    /** Takes the heartbeat if the worker is known ACTIVE (true), else leaves it to the caller (false). */
    boolean offer(String workerId, Instant at) {
        if (flushInterval.isZero() || !active.contains(workerId)) {
            return false;
        }
        pending.merge(workerId, at, (a, b) -> a.isAfter(b) ? a : b);
        return true;
    }

    /** The worker was just seen ACTIVE in the database: its next heartbeats may be buffered. */
    void knownActive(String workerId) {
        if (!flushInterval.isZero()) {
            active.add(workerId);
        }
    }

    /** The worker is no longer ACTIVE (revoked, lost): its next heartbeat takes the full path. */
    void forget(String workerId) {
        active.remove(workerId);
        pending.remove(workerId);
    }

    /** Writes every buffered heartbeat in one batch; returns how many rows took one. */
    int flush() {
        if (pending.isEmpty()) {
            return 0;
        }
        List<String> ids = new ArrayList<>(pending.keySet());
        List<Object[]> rows = new ArrayList<>(ids.size());
        List<String> written = new ArrayList<>(ids.size());
        for (String id : ids) {
            Instant at = pending.remove(id);
            if (at != null) {
                rows.add(new Object[] {Timestamp.from(at), id});
                written.add(id);
            }
        }
        // Only a later time, and only while ACTIVE: a revocation or loss that committed meanwhile stays.
        int[] counts;
        try {
            counts = jdbc.batchUpdate("update " + table + " set last_heartbeat = ? where worker_id = ?"
                    + " and state = 'ACTIVE' and last_heartbeat < ?", rows.stream()
                    .map(row -> new Object[] {row[0], row[1], row[0]}).toList());
        } catch (RuntimeException e) {
            // Back into the buffer for the next batch (a newer heartbeat that came meanwhile wins).
            for (Object[] row : rows) {
                Instant at = ((Timestamp) row[0]).toInstant();
                pending.merge((String) row[1], at, (a, b) -> a.isAfter(b) ? a : b);
            }
            throw e;
        }
        int updated = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                active.remove(written.get(i)); // no longer ACTIVE (or already newer): the full path decides
            } else {
                updated++;
            }
        }
        return updated;
    }

    private void flushSafely() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("writing {} buffered heartbeat(s) failed; retried in {}", pending.size(), flushInterval, e);
        }
    }

    @Override
    public void destroy() {
        flushSafely();
    }
}
