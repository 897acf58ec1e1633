package io.asyn2f.standalone.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import tools.jackson.databind.JsonNode;

import io.asyn2f.standalone.platform.FaultPlatform;

/**
 * What every fault scenario must leave behind, checked once the session is over: it reached its stop condition;
 * its global versions are 0..N without gaps, the same in the admin API, in the database and in the store (each blob's
 * sha-256 the one recorded); every update the aggregator recorded as used is in exactly one version, every other
 * finished update carries its reason; and nothing of the session was dead-lettered.
 */
final class SessionInvariants {

    private static final Logger log = LoggerFactory.getLogger(SessionInvariants.class);
    private static final String BUCKET = "asyn2f";

    private SessionInvariants() {
    }

    static void assertHeld(FaultPlatform platform, FaultSession session, DeadLetters deadLetters) throws Exception {
        String id = session.id();
        long last = session.maxVersion();
        session.awaitLastVersion(Duration.ofSeconds(180));
        await("session " + id + " finished").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> platform.admin().session(id).get("state").asString().equals("FINISHED"));
        JsonNode summary = platform.admin().session(id);
        assertThat(summary.get("stopReason").asString()).isEqualTo("MAX_VERSION");
        assertThat(summary.get("currentVersion").asLong()).isEqualTo(last);
        assertThat(session.workerFailures()).as("workers that ended with an error").isEmpty();

        List<Long> expected = LongStream.rangeClosed(0, last).boxed().toList();
        List<Long> listed = new ArrayList<>();
        Map<Long, List<String>> listedParticipants = new TreeMap<>();
        for (JsonNode version : platform.admin().versions(id)) {
            long number = version.get("version").asLong();
            listed.add(number);
            List<String> updates = new ArrayList<>();
            version.get("participants").forEach(p -> updates.add(p.get("updateId").asString()));
            listedParticipants.put(number, updates.stream().sorted().toList());
        }
        assertThat(listed).as("versions in the admin API, in order").isEqualTo(expected);

        try (Connection db = platform.database().connect()) {
            Map<Long, String> recorded = new LinkedHashMap<>();
            rows(db, "select version, sha256 from aggregator.global_version where session_id = ? order by version", id,
                    rs -> recorded.put(rs.getLong(1), rs.getString(2)));
            assertThat(List.copyOf(recorded.keySet())).as("versions in the database").isEqualTo(expected);

            Map<Long, List<String>> participants = new TreeMap<>();
            rows(db, "select version, update_id from aggregator.version_participant where session_id = ? "
                    + "order by version, update_id", id,
                    rs -> participants.computeIfAbsent(rs.getLong(1), v -> new ArrayList<>()).add(rs.getString(2)));
            listedParticipants.values().removeIf(List::isEmpty);
            assertThat(participants).as("participants in the database and the admin API")
                    .isEqualTo(listedParticipants);

            assertThat(storedGlobals(platform.storeClient(), id)).as("global blobs in the store, with their sha-256")
                    .isEqualTo(prefixed(recorded));

            List<String> usedNotOnce = new ArrayList<>();
            rows(db, "select u.update_id, u.consumed_in_version, count(p.update_id) from aggregator.local_update u "
                    + "left join aggregator.version_participant p on p.update_id = u.update_id "
                    + "and p.session_id = u.session_id where u.session_id = ? and u.status = 'USED' "
                    + "group by u.update_id, u.consumed_in_version having count(p.update_id) <> 1 "
                    + "or max(p.version) <> u.consumed_in_version", id,
                    rs -> usedNotOnce.add(rs.getString(1) + " in " + rs.getLong(3) + " versions"));
            assertThat(usedNotOnce).as("used updates not in exactly one version").isEmpty();

            List<String> participantsNotUsed = new ArrayList<>();
            rows(db, "select p.update_id, coalesce(u.status, 'NONE') from aggregator.version_participant p "
                    + "left join aggregator.local_update u on u.update_id = p.update_id where p.session_id = ? "
                    + "and coalesce(u.status, 'NONE') <> 'USED'", id,
                    rs -> participantsNotUsed.add(rs.getString(1) + " " + rs.getString(2)));
            assertThat(participantsNotUsed).as("participants whose update is not recorded as used").isEmpty();

            List<String> withoutReason = new ArrayList<>();
            Map<String, Long> statuses = new TreeMap<>();
            rows(db, "select update_id, status, status_reason from aggregator.local_update where session_id = ?", id,
                    rs -> {
                        statuses.merge(rs.getString(2), 1L, Long::sum);
                        if (!rs.getString(2).equals("USED") && isBlank(rs.getString(3))) {
                            withoutReason.add(rs.getString(1) + " " + rs.getString(2));
                        }
                    });
            assertThat(withoutReason).as("updates neither in a version nor refused with a reason").isEmpty();

            List<String> rejections = new ArrayList<>();
            rows(db, "select reason, detail from aggregator.update_rejection where session_id = ?", id,
                    rs -> rejections.add(rs.getString(1) + ": " + rs.getString(2)));
            log.info("session {}: versions 0..{}, updates by status {}, rejections {}", id, last, statuses, rejections);
        }

        deadLetters.drain(session.workerIds());
        assertThat(deadLetters.of(id)).as("dead letters of session " + id).isEmpty();
    }

    private static Map<String, String> prefixed(Map<Long, String> recorded) {
        Map<String, String> keys = new TreeMap<>();
        recorded.forEach((version, sha) -> keys.put(version + ".a2fm", sha));
        return keys;
    }

    private static Map<String, String> storedGlobals(MinioClient store, String sessionId) throws Exception {
        String prefix = "sessions/" + sessionId + "/global/";
        Map<String, String> blobs = new TreeMap<>();
        for (Result<Item> result : store.listObjects(ListObjectsArgs.builder().bucket(BUCKET).prefix(prefix)
                .recursive(true).build())) {
            String key = result.get().objectName();
            try (InputStream in = store.getObject(GetObjectArgs.builder().bucket(BUCKET).object(key).build())) {
                blobs.put(key.substring(prefix.length()),
                        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes())));
            }
        }
        return blobs;
    }

    interface RowConsumer {
        void accept(ResultSet rs) throws SQLException;
    }

    private static void rows(Connection db, String sql, String sessionId, RowConsumer consumer) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setString(1, sessionId);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    consumer.accept(rs);
                }
            }
        }
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
