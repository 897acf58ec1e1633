package io.asyn2f.aggregator.update;

import static io.asyn2f.aggregator.support.FlTestClient.Registration.trainer;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.asyn2f.aggregator.session.SessionState;
import io.asyn2f.aggregator.session.SessionWorker;
import io.asyn2f.aggregator.support.AggregatorITSupport;
import io.asyn2f.aggregator.support.FlTestClient;
import io.asyn2f.aggregator.support.FlTestClient.Upload;
import io.asyn2f.api.event.EventCodec;
import io.asyn2f.api.event.EventEnvelope;
import io.asyn2f.api.event.LocalUpdateSubmitted;
import io.asyn2f.api.event.UpdateKind;
import io.asyn2f.api.model.BlobKind;

/**
 * The one query intake's early checks read: each of its three answers (recorded update, session, worker) found or
 * absent independently of the others, including for a session that does not exist.
 */
class IntakeLookupIT extends AggregatorITSupport {

    @Autowired
    IntakeLookup lookup;

    @Autowired
    UpdateRecorder recorder;

    @Test
    void shouldAnswerForEachPartEvenWithoutASession() {
        IntakeLookup.View nothing = lookup.find("u-" + UUID.randomUUID(), "s-missing", "w-missing");

        assertThat(nothing).isEqualTo(new IntakeLookup.View(null, null, 0, null));
    }

    @Test
    void shouldFindTheRecordedUpdateTheSessionAndTheWorker() {
        String id = runningSession("{\"name\":\"asyn2f\",\"m\":50}", "\"minWorkers\":1,\"maxWait\":\"PT10M\"",
                trainer("k1"));
        Upload upload = fl.upload(id, "k1", ARCH, BlobKind.WEIGHTS, PARAMS);
        LocalUpdateSubmitted update = FlTestClient.update("u-" + UUID.randomUUID(), id, "k1", upload, 0, 100, 0.9,
                0.5, UpdateKind.MODEL);
        EventEnvelope envelope = new EventEnvelope(UUID.randomUUID().toString(), Instant.now(),
                EventCodec.SCHEMA_VERSION, update);

        IntakeLookup.View before = lookup.find(update.updateId(), id, "k1");
        recorder.record(List.of(new UpdateRecorder.Request(envelope, update, 0)));
        IntakeLookup.View after = lookup.find(update.updateId(), id, "k1");
        IntakeLookup.View stranger = lookup.find(update.updateId(), id, "someone-else");

        assertThat(before).isEqualTo(new IntakeLookup.View(null, SessionState.RUNNING, 0, SessionWorker.State.ACTIVE));
        assertThat(after.recordedEventId()).isEqualTo(envelope.eventId());
        assertThat(stranger.workerState()).isNull();
        assertThat(stranger.sessionState()).isEqualTo(SessionState.RUNNING);
    }
}
