package io.asyn2f.aggregator;

import static io.asyn2f.aggregator.support.FlTestClient.Registration.trainer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.context.ConfigurableApplicationContext;

import io.asyn2f.aggregator.support.AdminClient;
import io.asyn2f.aggregator.support.FlTestClient.Upload;
import io.asyn2f.aggregator.support.FlTestClient;
import io.asyn2f.aggregator.support.OwnAggregator;
import io.asyn2f.aggregator.support.OwnAggregator.Backends;
import io.asyn2f.api.event.UpdateKind;
import io.asyn2f.api.model.BlobKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import tools.jackson.databind.JsonNode;

/**
 * A session long enough to outgrow a retention of K = 2, on an application of its own (its own database, bucket and
 * queues, so the store can be listed exactly and the short sweep interval touches no other test): the store ends up
 * holding the newest two global blobs plus the pinned one, no consumed update object and every pending one; the pinned
 * version stays downloadable, a deleted one is gone (410) and cannot be pinned any more (409).
 */
class RetentionIT {

    private static final String ARCH = "mlp:3-2";
    private static final String PREFIX = "asyn2f.test.retention.";
    private static final Duration TIMEOUT = Duration.ofSeconds(40);

    @Test
    void shouldKeepOnlyTheNewestVersionsThePinnedOnesAndPendingUpdatesInTheStore() throws Exception {
        Backends backends = Backends.fresh("retention");
        Map<String, Object> properties = backends.properties(PREFIX);
        properties.put("asyn2f.aggregator.retention.keep-global-versions", 2);
        properties.put("asyn2f.aggregator.retention.interval", "300ms");

        CachingConnectionFactory connections = OwnAggregator.connections(backends.broker());
        try (MinioClient minio = backends.s3().minioClient();
                ConfigurableApplicationContext app = OwnAggregator.start(properties)) {
            try {
                FlTestClient fl = backends.fl(connections, minio);
                AdminClient admin = OwnAggregator.admin(app);
                MeterRegistry meters = app.getBean(MeterRegistry.class);
                // Registered at start: zero before anything was deleted, not absent.
                assertThat(deleted(meters, "update")).isZero();
                assertThat(deleted(meters, "global")).isZero();

                String id = admin.startSession("{\"modelArchitecture\":\"" + ARCH + "\","
                        + "\"dataset\":{\"name\":\"synthetic\"},\"strategy\":{\"name\":\"asyn2f\",\"m\":2},"
                        + "\"minWorkers\":2,\"maxWait\":\"PT10M\"}", fl, TIMEOUT, trainer("r1"), trainer("r2"));

                round(fl, admin, id, 1);
                HttpResponse<String> pin = admin.put(versionPath(id, 1) + "/pin");
                assertThat(pin.statusCode()).isEqualTo(200);
                assertThat(admin.json(pin.body()).path("pinned").asBoolean()).isTrue();
                // r1 sends twice in round 2: the first is discarded (consumed without being used), its object goes too
                submit(fl, id, "r1", "u-r1-2-old", 1);
                for (long version = 2; version <= 5; version++) {
                    round(fl, admin, id, version);
                }
                String pendingKey = submit(fl, id, "r1", "u-r1-pending", 5);
                await().atMost(TIMEOUT).until(() -> admin.session(id).path("pendingUpdates").asLong() == 1);

                // A listing can fail while the sweeper deletes under it: that is one more try, not the end.
                await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
                    assertThat(keys(minio, backends.bucket(), "sessions/" + id + "/global/"))
                            .containsExactly(global(id, 1), global(id, 4), global(id, 5));
                    assertThat(keys(minio, backends.bucket(), "sessions/" + id + "/workers/"))
                            .containsExactly(pendingKey);
                });
                // The sweeper marks a row only after its object is gone, so the rows may follow a moment later.
                await().atMost(TIMEOUT).untilAsserted(() -> {
                    JsonNode rows = admin.getJson("/api/v1/sessions/" + id + "/versions");
                    assertThat(rows).hasSize(6); // every row stays as history
                    for (JsonNode version : rows) {
                        long v = version.path("version").asLong();
                        assertThat(version.path("blobStored").asBoolean()).as("version %d stored", v)
                                .isEqualTo(v == 1 || v >= 4);
                        assertThat(version.path("pinned").asBoolean()).as("version %d pinned", v).isEqualTo(v == 1);
                    }
                });
                JsonNode versions = admin.getJson("/api/v1/sessions/" + id + "/versions");

                HttpResponse<byte[]> pinned = admin.getBytes(versionPath(id, 1) + "/model");
                assertThat(pinned.statusCode()).isEqualTo(200);
                assertThat(FlTestClient.sha256(pinned.body())).isEqualTo(versions.get(1).path("sha256").asString());
                assertThat(admin.getBytes(versionPath(id, 2) + "/model").statusCode()).isEqualTo(410);
                assertThat(admin.put(versionPath(id, 0) + "/pin").statusCode()).isEqualTo(409);
                assertThat(admin.put(versionPath(id, 99) + "/pin").statusCode()).isEqualTo(404);
                assertThat(admin.put("/api/v1/sessions/no-such-session/versions/1/pin").statusCode()).isEqualTo(404);

                // Unpinned, version 1 is an old version like any other and goes at the next sweep.
                HttpResponse<String> unpin = admin.delete(versionPath(id, 1) + "/pin");
                assertThat(unpin.statusCode()).isEqualTo(200);
                assertThat(admin.json(unpin.body()).path("pinned").asBoolean()).isFalse();
                await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() ->
                        assertThat(keys(minio, backends.bucket(), "sessions/" + id + "/global/"))
                                .containsExactly(global(id, 4), global(id, 5)));

                // Counted after the object is deleted and its row marked, so the counts may lag behind the store.
                await().atMost(TIMEOUT).untilAsserted(() -> {
                    // 11 consumed updates (10 used, 1 discarded); versions 0, 1, 2, 3
                    assertThat(deleted(meters, "update")).isEqualTo(11);
                    assertThat(deleted(meters, "global")).isEqualTo(4);
                });
                assertThat(meters.find("asyn2f.aggregator.retention.bytes").tag("kind", "global").counter().count())
                        .isPositive();
                assertThat(admin.session(id).path("state").asString()).isEqualTo("RUNNING");
            } finally {
                OwnAggregator.deleteQueues(app.getBean(AmqpAdmin.class), PREFIX);
            }
        } finally {
            connections.destroy();
        }
    }

    /** One update from each worker, based on the previous version; waits for {@code version}. */
    private static void round(FlTestClient fl, AdminClient admin, String id, long version) {
        submit(fl, id, "r1", "u-r1-" + version, version - 1);
        submit(fl, id, "r2", "u-r2-" + version, version - 1);
        await().atMost(TIMEOUT).until(() -> admin.session(id).path("currentVersion").asLong() == version);
    }

    private static String submit(FlTestClient fl, String id, String workerId, String updateId, long base) {
        float[] parameters = new float[8];
        Arrays.fill(parameters, base + 1);
        Upload upload = fl.upload(id, workerId, ARCH, BlobKind.WEIGHTS, parameters);
        fl.submit(FlTestClient.update(updateId, id, workerId, upload, base, 100, 0.9, 0.5, UpdateKind.MODEL));
        return upload.key();
    }

    private static Set<String> keys(MinioClient minio, String bucket, String prefix) throws Exception {
        Set<String> keys = new TreeSet<>();
        for (Result<Item> item : minio.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                .recursive(true).build())) {
            keys.add(item.get().objectName());
        }
        return keys;
    }

    private static double deleted(MeterRegistry meters, String kind) {
        return meters.find("asyn2f.aggregator.retention.deleted").tag("kind", kind).counter().count();
    }

    private static String global(String id, long version) {
        return "sessions/" + id + "/global/" + version + ".a2fm";
    }

    private static String versionPath(String id, long version) {
        return "/api/v1/sessions/" + id + "/versions/" + version;
    }

}
