package io.asyn2f.aggregator.update;

import static io.asyn2f.aggregator.support.FlTestClient.Registration.trainer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;

import io.asyn2f.aggregator.support.AggregatorITSupport;
import io.asyn2f.aggregator.support.FlTestClient;
import io.asyn2f.aggregator.support.FlTestClient.Upload;
import io.asyn2f.api.event.EventCodec;
import io.asyn2f.api.event.EventEnvelope;
import io.asyn2f.api.event.LocalUpdateSubmitted;
import io.asyn2f.api.event.RejectionReason;
import io.asyn2f.api.event.UpdateKind;
import io.asyn2f.api.model.BlobKind;

/**
 * Several updates recorded in one transaction keep the outcome each would have had alone: a refusal is that update's
 * own, two of one worker in one batch are ordered by when they were announced, and a batch that cannot commit (one of
 * its update ids was recorded meanwhile) is recorded update by update, the duplicate failing alone.
 */
class BatchedRecordingIT extends AggregatorITSupport {


    @Autowired
    RecordingQueue queue;

    @Autowired
    UpdateRecorder recorder;

    @Autowired
    RecordedUpdateRepository updates;

    @Test
    void shouldGiveEachUpdateOfABatchItsOwnOutcome() {
        String id = runningSession();
        Instant now = Instant.now();
        UpdateRecorder.Request newer = request(id, "b1", 100, now);
        UpdateRecorder.Request older = request(id, "b1", 100, now.minusSeconds(5));
        UpdateRecorder.Request otherWorker = request(id, "b2", 100, now);
        UpdateRecorder.Request lying = request(id, "b2", 5000, now);
        UpdateRecorder.Request ghost = request(id, "ghost", 100, now);

        List<UpdateRecorder.Outcome> outcomes = recorder.record(List.of(newer, older, otherWorker, lying, ghost));

        assertThat(outcomes.get(0)).isEqualTo(UpdateRecorder.Outcome.RECORDED);
        assertThat(outcomes.get(1)).isEqualTo(UpdateRecorder.Outcome.RECORDED);
        assertThat(outcomes.get(2)).isEqualTo(UpdateRecorder.Outcome.RECORDED);
        assertThat(outcomes.get(3).refusal().reason()).isEqualTo(RejectionReason.METADATA_MISMATCH);
        assertThat(outcomes.get(4).notRegisteredYet()).isTrue();
        assertThat(status(newer)).isEqualTo(RecordedUpdate.Status.PENDING);
        // Announced before its successor in the same batch: set aside, as if it had been recorded after it.
        assertThat(status(older)).isEqualTo(RecordedUpdate.Status.DISCARDED);
        assertThat(status(otherWorker)).isEqualTo(RecordedUpdate.Status.PENDING);
        assertThat(updates.findByUpdateId(lying.update().updateId())).isEmpty();
        assertThat(updates.findByUpdateId(ghost.update().updateId())).isEmpty();
    }

    @Test
    void shouldRecordABatchThatCannotCommitOneUpdateAtATime() throws Exception {
        String id = runningSession();
        UpdateRecorder.Request first = request(id, "b1", 100, Instant.now());
        recorder.record(List.of(first));
        // The same update id again, from another event, between two good ones.
        UpdateRecorder.Request again = new UpdateRecorder.Request(EventEnvelope.wrap(first.update()), first.update(), 0);
        UpdateRecorder.Request before = request(id, "b2", 100, Instant.now());
        UpdateRecorder.Request after = request(id, "b1", 100, Instant.now());
        assertThatThrownBy(() -> recorder.record(List.of(before, again, after)))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThat(updates.findByUpdateId(before.update().updateId())).isEmpty();

        List<CompletableFuture<UpdateRecorder.Outcome>> outcomes = queue.recordAsOneBatch(List.of(before, again, after));

        assertThat(outcomes.get(0).get()).isEqualTo(UpdateRecorder.Outcome.RECORDED);
        assertThat(outcomes.get(1)).isCompletedExceptionally();
        assertThatThrownBy(() -> outcomes.get(1).get()).hasCauseInstanceOf(DataIntegrityViolationException.class);
        assertThat(outcomes.get(2).get()).isEqualTo(UpdateRecorder.Outcome.RECORDED);
        assertThat(status(before)).isEqualTo(RecordedUpdate.Status.PENDING);
        assertThat(status(after)).isEqualTo(RecordedUpdate.Status.PENDING);
    }

    private String runningSession() {
        // m large enough that nothing recorded here is aggregated (and consumed) while the test looks at it.
        String id = runningSession("{\"name\":\"asyn2f\",\"m\":50}",
                "\"minWorkers\":1,\"maxWait\":\"PT10M\"",
                trainer("b1"), trainer("b2"));
        return id;
    }

    private UpdateRecorder.Request request(String sessionId, String workerId, long samples, Instant announcedAt) {
        Upload upload = fl.upload(sessionId, workerId.equals("ghost") ? "b1" : workerId, ARCH, BlobKind.WEIGHTS,
                PARAMS);
        LocalUpdateSubmitted update = FlTestClient.update("u-" + UUID.randomUUID(), sessionId, workerId, upload, 0,
                samples, 0.9, 0.5, UpdateKind.MODEL);
        EventEnvelope envelope = new EventEnvelope(UUID.randomUUID().toString(), announcedAt, EventCodec.SCHEMA_VERSION,
                update);
        return new UpdateRecorder.Request(envelope, update, 0);
    }

    private RecordedUpdate.Status status(UpdateRecorder.Request request) {
        return updates.findByUpdateId(request.update().updateId()).orElseThrow().status();
    }
}
