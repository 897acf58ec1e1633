package io.asyn2f.aggregator.update;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.asyn2f.aggregator.config.DatabaseSchema;
import io.asyn2f.aggregator.session.SessionState;
import io.asyn2f.aggregator.session.SessionWorker;

/**
 * What update intake checks before it reads an update's object, in one round trip to the database instead of three
 * (the update id, the session, the worker): those three were the only queries intake made for each update alone (the
 * recording transaction is shared by a batch).
 * Nothing is locked; {@link UpdateRecorder} checks the session and the worker again under locks before it records.
 */
@Component
class IntakeLookup {

    /**
     * @param recordedEventId the event that recorded this update id already, or null
     * @param sessionState    null if there is no such session
     * @param currentVersion  the session's newest version (0 without a session)
     * @param workerState     null if the worker is not (yet) registered in the session
     */
    record View(String recordedEventId, SessionState sessionState, long currentVersion,
            SessionWorker.State workerState) {
    }

    private final JdbcTemplate jdbc;
    private final String query;

    IntakeLookup(JdbcTemplate jdbc,
            @Value("${spring.jpa.properties.hibernate.default_schema:aggregator}") String schema) {
        this.jdbc = jdbc;
        // Rooted in a one-row table so that a missing session still answers for the update id and the worker.
        this.query = "select (select u.event_id from " + DatabaseSchema.table(schema, "local_update")
                + " u where u.update_id = ?),"
                + " s.state, s.current_version,"
                + " (select w.state from " + DatabaseSchema.table(schema, "worker")
                + " w where w.session_id = ? and w.worker_id = ?)"
                + " from (values (1)) as one (x) left join " + DatabaseSchema.table(schema, "session")
                + " s on s.id = ?";
    }

    View find(String updateId, String sessionId, String workerId) {
        return jdbc.queryForObject(query, (row, n) -> {
            String sessionState = row.getString(2);
            String workerState = row.getString(4);
            return new View(row.getString(1), sessionState == null ? null : SessionState.valueOf(sessionState),
                    row.getLong(3), workerState == null ? null : SessionWorker.State.valueOf(workerState));
        }, updateId, sessionId, workerId, sessionId);
    }
}
