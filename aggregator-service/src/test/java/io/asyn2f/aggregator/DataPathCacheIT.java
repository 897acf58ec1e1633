package io.asyn2f.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import io.asyn2f.aggregator.support.AggregatorITSupport;
import io.asyn2f.aggregator.support.FlTestClient.Upload;
import io.asyn2f.aggregator.support.FlTestClient;
import io.asyn2f.aggregator.support.StoreReads;
import io.asyn2f.api.catalogue.ModelCatalogue;
import io.asyn2f.api.event.UpdateKind;
import io.asyn2f.api.event.WorkerRole;
import io.asyn2f.api.model.BlobKind;
import io.asyn2f.api.model.BlobSummary;
import io.asyn2f.api.model.ModelBlobReader;
import io.asyn2f.api.model.ModelBlobWriter;
import io.asyn2f.api.storage.ObjectKeys;
import io.minio.GetObjectArgs;

/**
 * The data path reads each object once: an update verified at intake is aggregated from memory, and the global
 * model this instance committed is not read back; an evicted update, or a version another instance committed, is
 * read from the store. Reads are counted on the aggregator's own client against the real store ({@link StoreReads}).
 * The update cache holds 200 bytes here: six updates of {@code mlp:3-2} (8 parameters, 32 bytes).
 */
@TestPropertySource(properties = "asyn2f.aggregator.update-cache.max-bytes=200")
@Import(StoreReads.class)
class DataPathCacheIT extends AggregatorITSupport {

    private static final String ARCH = "mlp:3-2";

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void shouldAggregateVerifiedUpdatesAndTheCommittedModelWithoutReadingThemAgain() throws Exception {
        String id = runningSession(2);
        Upload a = submit(id, "w0", "u-a", constant(1), 0);
        Upload b = submit(id, "w1", "u-b", constant(3), 0);
        awaitVersion(id, 1);
        assertThat(StoreReads.gets(a.key())).as("read once, at intake").isEqualTo(1);
        assertThat(StoreReads.gets(b.key())).as("read once, at intake").isEqualTo(1);

        Upload c = submit(id, "w0", "u-c", constant(5), 1);
        Upload d = submit(id, "w1", "u-d", constant(7), 1);
        awaitVersion(id, 2);
        assertThat(StoreReads.gets(c.key())).isEqualTo(1);
        assertThat(StoreReads.gets(d.key())).isEqualTo(1);
        assertThat(StoreReads.gets(ObjectKeys.globalModel(id, 1)))
                .as("the version this instance committed, kept in memory").isZero();
        // Read last: the test's downloads go through the counted client too.
        assertThat(global(id, 1)).containsOnly(2f);
        assertThat(global(id, 2)).containsOnly(6f);
    }

    @Test
    void shouldReadUpdatesEvictedBeyondTheBoundFromTheStore() throws Exception {
        int workers = 10;
        String id = runningSession(workers);
        Upload[] uploads = submitOnePerWorker(id, workers);
        long reads = 0;
        for (Upload upload : uploads) {
            assertThat(StoreReads.gets(upload.key())).isBetween(1L, 2L);
            reads += StoreReads.gets(upload.key());
        }
        // 10 at intake; the cache keeps the newest 6 (200 / 32 bytes), so the oldest 4 are read again.
        assertThat(reads).isEqualTo(workers + 4);
        assertThat(StoreReads.gets(uploads[workers - 1].key())).isEqualTo(1);
        assertThat(StoreReads.gets(uploads[0].key())).isEqualTo(2);
        // Equal weights (same samples, quality, loss, staleness): the mean of 0..9.
        for (float value : global(id, 1)) {
            assertThat((double) value).isCloseTo(4.5, within(1e-5));
        }
    }

    @Test
    void shouldMeasureAndThenSumEvictedUpdatesReadingEachTwiceWhenClippingRelatively() throws Exception {
        int workers = 10;
        String id = runningSession(workers, "");
        Upload[] uploads = submitOnePerWorker(id, workers);
        long reads = 0;
        for (Upload upload : uploads) {
            reads += StoreReads.gets(upload.key());
        }
        // Streamed with the default clipFactor: a pass measures the distances, a second clips and sums, so each of
        // the 4 evicted updates is read at intake and in both passes; the 6 kept in memory only at intake.
        assertThat(reads).isEqualTo(workers + 2 * 4);
        assertThat(StoreReads.gets(uploads[0].key())).isEqualTo(3);
        assertThat(StoreReads.gets(uploads[workers - 1].key())).isEqualTo(1);
    }

    @Test
    void shouldDropAnUpdateWhoseObjectChangedAfterIntakeAndBuildTheVersionWithoutIt() throws Exception {
        int workers = 7;
        String id = runningSession(workers);
        Upload first = submit(id, "w0", "u-0", constant(100), 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(id + "-u-0").startsWith("PENDING"));
        // Rewritten in place after it was verified: same size, other bytes. Evicted by the six that follow, so the
        // aggregation reads it from the store again and finds another sha-256.
        ByteArrayOutputStream rewritten = new ByteArrayOutputStream();
        ModelBlobWriter.write(rewritten, BlobKind.WEIGHTS, ModelCatalogue.resolve(ARCH).fingerprint(), constant(-1));
        fl.uploadRaw(first.key(), rewritten.toByteArray());
        for (int w = 1; w < workers; w++) {
            submit(id, "w" + w, "u-" + w, constant(w), 0);
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> status(id + "-u-0").startsWith("REJECTED CHANGED_IN_STORE"));

        submit(id, "w0", "u-7", constant(0), 0);
        awaitVersion(id, 1);

        // 0 (the new update of w0) and 1..6, equally weighted.
        assertThat(global(id, 1)).containsOnly(3f);
        assertThat(status(id + "-u-7")).startsWith("USED");
    }

    @Test
    void shouldReadTheGlobalModelFromTheStoreWhenAnotherInstanceCommittedANewerVersion() throws Exception {
        String id = runningSession(2);
        submit(id, "w0", "u-a", constant(1), 0);
        submit(id, "w1", "u-b", constant(3), 0);
        awaitVersion(id, 1);

        // Another replica commits version 2 (its blob, its row, the session moves on) while this one keeps 1.
        String key = ObjectKeys.globalModel(id, 2);
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        BlobSummary summary = ModelBlobWriter.write(blob, BlobKind.WEIGHTS,
                ModelCatalogue.resolve(ARCH).fingerprint(), constant(10));
        fl.uploadRaw(key, blob.toByteArray());
        jdbc.update("insert into aggregator.global_version (session_id, version, object_key, sha256, size_bytes, "
                + "avg_quality, avg_loss, total_samples, learning_rate, created_at, schedule_step) "
                + "values (?, 2, ?, ?, ?, 0.9, 0.5, 200, 0.1, now(), 2)", id, key, summary.sha256Hex(),
                summary.sizeBytes());
        jdbc.update("update aggregator.session set current_version = 2, last_version_at = now() where id = ?", id);

        submit(id, "w0", "u-c", constant(5), 2);
        submit(id, "w1", "u-d", constant(7), 2);
        awaitVersion(id, 3);
        assertThat(StoreReads.gets(key)).as("the other instance's version, read from the store").isEqualTo(1);
        assertThat(StoreReads.gets(ObjectKeys.globalModel(id, 1))).isZero();
        assertThat(global(id, 3)).containsOnly(6f);
    }

    private String runningSession(int workers) {
        return runningSession(workers, ",\"defences\":{\"enabled\":false}");
    }

    private String runningSession(int workers, String defences) {
        String id = admin.createSession(sessionJson(ARCH, "{\"name\":\"asyn2f\",\"m\":" + workers + "}",
                "\"minWorkers\":" + workers + ",\"maxWait\":\"PT10M\"" + defences));
        awaitState(id, "WAITING_FOR_WORKERS");
        for (int w = 0; w < workers; w++) {
            fl.register(id, "w" + w, WorkerRole.TRAINER);
        }
        awaitState(id, "RUNNING");
        return id;
    }

    private Upload submit(String sessionId, String workerId, String updateId, float[] parameters, long base) {
        Upload upload = fl.upload(sessionId, workerId, ARCH, BlobKind.WEIGHTS, parameters);
        // Update ids are unique across sessions.
        fl.submit(FlTestClient.update(sessionId + "-" + updateId, sessionId, workerId, upload, base, 100, 0.9, 0.5,
                UpdateKind.MODEL));
        return upload;
    }

    private String status(String updateId) {
        return jdbc.queryForObject("select status || ' ' || coalesce(status_reason, '') from aggregator.local_update"
                + " where update_id = ?", String.class, updateId);
    }

    private static float[] constant(float value) {
        float[] parameters = new float[8];
        java.util.Arrays.fill(parameters, value);
        return parameters;
    }

    private float[] global(String sessionId, long version) throws IOException {
        byte[] bytes;
        try (var in = minio.getObject(GetObjectArgs.builder().bucket(s3.bucket())
                .object(ObjectKeys.globalModel(sessionId, version)).build())) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return ModelBlobReader.lenient().read(new ByteArrayInputStream(bytes)).parameters();
    }

    /** Worker w submits the constant w from version 0; returns once version 1 is committed. */
    private Upload[] submitOnePerWorker(String id, int workers) {
        Upload[] uploads = new Upload[workers];
        for (int w = 0; w < workers; w++) {
            uploads[w] = submit(id, "w" + w, "u-" + w, constant(w), 0);
        }
        awaitVersion(id, 1);
        return uploads;
    }
}
