package io.asyn2f.registry.worker;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import io.asyn2f.api.event.WorkerRole;

/**
 * The registry's metrics. The per-state worker gauge reads counts refreshed by each heartbeat sweep, so a scrape
 * never queries the database.
 */
@Component
class WorkerMetrics {

    private final MeterRegistry registry;
    private final Map<WorkerState, AtomicLong> workersByState = new EnumMap<>(WorkerState.class);
    private final Counter refreshed;
    private final Counter heartbeats;
    private final Counter lost;
    private final Counter revoked;

    WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (WorkerState state : WorkerState.values()) {
            AtomicLong count = new AtomicLong();
            workersByState.put(state, count);
            Gauge.builder("asyn2f.registry.workers", count, AtomicLong::get)
                    .description("Workers by state")
                    .tag("state", state.name().toLowerCase())
                    .register(registry);
        }
        this.refreshed = Counter.builder("asyn2f.registry.tokens.refreshed")
                .description("Access tokens issued by refresh").register(registry);
        this.heartbeats = Counter.builder("asyn2f.registry.heartbeats")
                .description("Heartbeats accepted").register(registry);
        this.lost = Counter.builder("asyn2f.registry.workers.lost")
                .description("Workers marked LOST for missing heartbeats").register(registry);
        this.revoked = Counter.builder("asyn2f.registry.workers.revoked")
                .description("Workers revoked by an administrator").register(registry);
        // The successful outcomes exist from the start, so dashboards show zero rather than no data.
        for (WorkerRole role : WorkerRole.values()) {
            registrations(role, "registered");
            registrations(role, "reconnected");
        }
    }

    /** outcome: registered, reconnected, unknown_session, conflict, unauthorized, forbidden, expired, invalid. */
    void registration(WorkerRole role, String outcome) {
        registrations(role, outcome).increment();
    }

    private Counter registrations(WorkerRole role, String outcome) {
        return Counter.builder("asyn2f.registry.registrations")
                .description("Registration attempts by role and outcome")
                .tag("role", role == null ? "unknown" : role.name().toLowerCase())
                .tag("outcome", outcome)
                .register(registry);
    }

    void refreshed() {
        refreshed.increment();
    }

    void heartbeat() {
        heartbeats.increment();
    }

    void lost() {
        lost.increment();
    }

    void revoked() {
        revoked.increment();
    }

    void workers(WorkerState state, long count) {
        workersByState.get(state).set(count);
    }
}
