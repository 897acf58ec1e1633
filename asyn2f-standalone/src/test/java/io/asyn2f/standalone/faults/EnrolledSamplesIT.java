package io.asyn2f.standalone.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.asyn2f.standalone.platform.FaultPlatform;

/**
 * A sample count fixed at enrollment, end to end on the real services (registry, aggregator, gateway as in a
 * deployment, PostgreSQL and the broker) with real workers: each trainer holds 500 examples and reports them, the
 * session's enrollment token fixes 77, and every update is weighted with 77.
 */
class EnrolledSamplesIT {

    private static final long FIXED = 77;

    @Test
    void shouldWeightEveryUpdateWithTheSampleCountFixedAtEnrollment() throws Exception {
        Path folder = Files.createTempDirectory("asyn2f-enrolled-");
        try (FaultPlatform platform = FaultPlatform.start(folder.resolve("store"), false);
                FaultSession session = new FaultSession(platform, folder, 2, 1.0, 1, FIXED, true)) {
            session.awaitVersion(2, Duration.ofSeconds(180));
            String id = session.id();

            assertThat(longs(platform, "select samples from registry.worker where session_id = ?", id))
                    .as("recorded by the registry").hasSize(FaultSession.TRAINERS + 1).containsOnly(FIXED);
            assertThat(longs(platform, "select samples from aggregator.worker where session_id = ?"
                    + " and role = 'TRAINER'", id)).as("what the aggregator learned from worker.registered")
                    .hasSize(FaultSession.TRAINERS)
                    .containsOnly(FIXED);
            assertThat(longs(platform, "select samples from aggregator.local_update where session_id = ?", id))
                    .as("every accepted update").isNotEmpty().containsOnly(FIXED);
            assertThat(longs(platform, "select count(*) from aggregator.update_rejection where session_id = ?"
                    + " and reason = 'METADATA_MISMATCH'", id))
                    .as("no update refused for its metadata").containsExactly(0L);
            List<Long> totals = longs(platform, "select v.total_samples - " + FIXED + " * (select count(*) from"
                    + " aggregator.version_participant p where p.session_id = v.session_id and p.version = v.version)"
                    + " from aggregator.global_version v where v.session_id = ? and v.version > 0", id);
            assertThat(totals).as("each version's total is 77 per participant").isNotEmpty().containsOnly(0L);
            assertThat(session.workerFailures()).isEmpty();
        }
    }

    private static List<Long> longs(FaultPlatform platform, String sql, String sessionId) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (Connection connection = platform.database().connect();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, sessionId);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getLong(1));
                }
            }
        }
        return values;
    }
}
