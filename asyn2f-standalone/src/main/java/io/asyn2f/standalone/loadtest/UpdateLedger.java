package io.asyn2f.standalone.loadtest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.asyn2f.standalone.loadtest.SimulatedWorker.Submission;
import io.asyn2f.standalone.platform.AdminClient;
import tools.jackson.databind.JsonNode;

/**
 * Every update the broker acknowledged, and where each one went according to the aggregator's admin API: used in a
 * version (with that version's commit time), refused (at intake, or set aside by the strategy as superseded or
 * stale), or neither: pending, or lost.
 */
final class UpdateLedger {

    /** The most updates asked for in one page of the admin API. */
    private static final int PAGE = 10_000;

    private final Map<String, Submission> acknowledged = new ConcurrentHashMap<>();

    void acknowledged(Submission submission) {
        acknowledged.put(submission.updateId(), submission);
    }

    int size() {
        return acknowledged.size();
    }

    /** Where one acknowledged update went. */
    enum Fate { INCLUDED, REFUSED, UNACCOUNTED }

    /**
     * One acknowledged update with its fate; for an included one, the version and the time from its announcement to
     * that version's commit; for a recorded one, the time from its announcement until intake recorded it (the wait in
     * the queue and the verification), so latency splits into intake and the wait for a version.
     */
    record Outcome(Submission submission, Fate fate, String reason, Long version, Duration latency,
            Duration intake) {
    }

    /** The fate of every acknowledged update, in announcement order. */
    record Accounting(List<Outcome> outcomes, long versions) {

        long count(Fate fate) {
            return outcomes.stream().filter(o -> o.fate() == fate).count();
        }

        /** Refused updates by reason (the rejection reason, or the status of a set-aside one). */
        Map<String, Long> refusedByReason() {
            Map<String, Long> reasons = new TreeMap<>();
            outcomes.stream().filter(o -> o.fate() == Fate.REFUSED)
                    .forEach(o -> reasons.merge(o.reason(), 1L, Long::sum));
            return reasons;
        }
    }

    /** Asks the aggregator where every acknowledged update went. */
    Accounting account(AdminClient admin, String sessionId) {
        Map<String, JsonNode> recorded = new HashMap<>();
        long after = 0;
        while (true) {
            JsonNode page = admin.updates(sessionId, after, PAGE);
            for (JsonNode update : page.path("updates")) {
                recorded.put(update.path("updateId").asString(), update);
            }
            if (page.path("next").isNull() || page.path("next").isMissingNode()) {
                break;
            }
            after = page.path("next").asLong();
        }
        Map<String, String> rejected = new HashMap<>();
        for (JsonNode rejection : admin.rejections(sessionId)) {
            if (rejection.hasNonNull("updateId")) {
                rejected.put(rejection.path("updateId").asString(), rejection.path("reason").asString());
            }
        }
        Map<Long, Instant> committedAt = new HashMap<>();
        for (JsonNode version : admin.versions(sessionId)) {
            committedAt.put(version.path("version").asLong(), Instant.parse(version.path("createdAt").asString()));
        }
        return new Accounting(outcomes(acknowledged.values(), recorded, rejected, committedAt),
                committedAt.keySet().stream().filter(v -> v > 0).count());
    }

    /** The fate of each submission from the aggregator's records: pure, so the rules are testable on their own. */
    static List<Outcome> outcomes(Collection<Submission> submissions, Map<String, JsonNode> recorded,
            Map<String, String> rejected, Map<Long, Instant> committedAt) {
        List<Submission> ordered = new ArrayList<>(submissions);
        ordered.sort((a, b) -> a.announcedAt().compareTo(b.announcedAt()));
        List<Outcome> outcomes = new ArrayList<>(ordered.size());
        for (Submission submission : ordered) {
            JsonNode update = recorded.get(submission.updateId());
            String status = update == null ? null : update.path("status").asString();
            Duration intake = update == null || !update.hasNonNull("receivedAt") ? null
                    : Duration.between(submission.announcedAt(), Instant.parse(update.path("receivedAt").asString()));
            if ("USED".equals(status)) {
                long version = update.path("version").asLong();
                Instant commit = committedAt.get(version);
                outcomes.add(new Outcome(submission, Fate.INCLUDED, null, version,
                        commit == null ? null : Duration.between(submission.announcedAt(), commit), intake));
            } else if ("DISCARDED".equals(status) || "REJECTED".equals(status)) {
                outcomes.add(new Outcome(submission, Fate.REFUSED, status, null, null, intake));
            } else if (update == null && rejected.containsKey(submission.updateId())) {
                outcomes.add(new Outcome(submission, Fate.REFUSED, rejected.get(submission.updateId()), null, null,
                        null));
            } else {
                outcomes.add(new Outcome(submission, Fate.UNACCOUNTED, status == null ? "NOT_RECORDED" : status, null,
                        null, intake));
            }
        }
        return outcomes;
    }
}
