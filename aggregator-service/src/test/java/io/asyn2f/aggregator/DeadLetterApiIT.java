package io.asyn2f.aggregator;

import static io.asyn2f.aggregator.support.FlTestClient.Registration.trainer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.asyn2f.aggregator.support.AdminClient;
import io.asyn2f.aggregator.support.AggregatorITSupport;
import io.asyn2f.aggregator.support.FlTestClient.Upload;
import io.asyn2f.aggregator.support.FlTestClient;
import io.asyn2f.api.event.EventEnvelope;
import io.asyn2f.api.event.EventRouting;
import io.asyn2f.api.event.LocalUpdateSubmitted;
import io.asyn2f.api.event.UpdateKind;
import io.asyn2f.api.event.WorkerRole;
import io.asyn2f.api.model.BlobKind;
import tools.jackson.databind.JsonNode;

/**
 * The dead-letter admin API over HTTP: who may use it, which queues it knows, and a dead-lettered update that, once
 * replayed after its cause is gone, is accepted and builds a version. The updates dead-letter queue is shared with
 * other tests (and earlier runs on a shared broker), so the test looks only for its own event.
 */
class DeadLetterApiIT extends AggregatorITSupport {

    private static final String UPDATES = EventRouting.AGGREGATOR_UPDATES_QUEUE;
    private static final String BASE = "/api/v1/admin/dead-letters";

    @Test
    void shouldRefuseWithoutCredentialsAndAnswerProblemsForUnknownQueuesAndBadLimits() {
        for (HttpResponse<String> response : List.of(admin.get(BASE, null, null),
                admin.get(BASE + "/" + UPDATES, AdminClient.USER, "wrong"))) {
            assertProblem(response, 401);
        }
        assertProblem(admin.postAs(BASE + "/" + UPDATES + "/replay", "", null, null), 401);

        // The registry's queue: the aggregator declares it (to publish session.opened) but does not consume it.
        assertProblem(admin.get(BASE + "/" + EventRouting.REGISTRY_SESSIONS_QUEUE), 404);
        assertProblem(admin.get(BASE + "/" + UPDATES + ".dlq"), 404);
        assertProblem(admin.post(BASE + "/nope/replay", ""), 404);

        assertProblem(admin.get(BASE + "?limit=0"), 400);
        assertProblem(admin.get(BASE + "/" + UPDATES + "?limit=1001"), 400);
        assertProblem(admin.get(BASE + "/" + UPDATES + "?limit=many"), 400);
        assertProblem(admin.post(BASE + "/" + UPDATES + "/replay", "{\"eventIds\":[]}"), 400);

        JsonNode all = admin.getJson(BASE + "?limit=1");
        assertThat(all.findValuesAsString("queue")).containsExactlyInAnyOrder(UPDATES,
                EventRouting.AGGREGATOR_EVALUATIONS_QUEUE, EventRouting.AGGREGATOR_WORKERS_QUEUE);
        for (JsonNode listing : all) {
            assertThat(listing.path("deadLetterQueue").asString()).isEqualTo(listing.path("queue").asString() + ".dlq");
            assertThat(listing.path("deadLetters").size()).isLessThanOrEqualTo(1);
            assertThat(listing.path("count").asLong()).isGreaterThanOrEqualTo(listing.path("deadLetters").size());
        }
    }

    @Test
    void shouldListADeadLetteredUpdateWithItsReasonAndAcceptItOnceReplayed() {
        String id = runningSession("{\"name\":\"asyn2f\",\"m\":1}",
                "\"minWorkers\":1,\"maxWait\":\"PT10M\"",
                trainer("on-time"));

        // An update whose worker.registered is lost for longer than its retry waits: refused as UNKNOWN_WORKER.
        Upload upload = fl.upload(id, "late", ARCH, BlobKind.WEIGHTS, PARAMS);
        String updateId = "u-late-" + UUID.randomUUID();
        LocalUpdateSubmitted update = FlTestClient.update(updateId, id, "late", upload, 0, 100, 0.9, 0.5,
                UpdateKind.MODEL);
        EventEnvelope sent = fl.submit(update);
        JsonNode dead = await().atMost(TIMEOUT).until(() -> deadLetter(sent.eventId()), Optional::isPresent)
                .orElseThrow();
        assertThat(dead.path("reason").asString()).startsWith("UNKNOWN_WORKER");
        assertThat(dead.path("type").asString()).isEqualTo(LocalUpdateSubmitted.TYPE);
        assertThat(dead.path("sessionId").asString()).isEqualTo(id);
        assertThat(dead.path("originalRoutingKey").asString()).isEqualTo("update.submitted." + id);
        assertThat(dead.path("attempts").asInt()).isEqualTo(1); // the retry that waited for the registration
        assertThat(dead.path("bodyBytes").asLong()).isPositive();
        assertThat(dead.path("deadLetteredAt").asString()).isNotBlank();
        // Listing it left it there.
        assertThat(deadLetter(sent.eventId())).isPresent();

        // The registration arrives after all; now the update can be accepted.
        fl.register(id, "late", WorkerRole.TRAINER);
        await().atMost(TIMEOUT).until(() -> admin.session(id).path("workers").path("activeTrainers").asLong() == 2);
        assertThat(admin.json(admin.post(BASE + "/" + UPDATES + "/replay",
                "{\"eventIds\":[\"no-such-event\"]}").body()).path("replayed").asInt()).isZero();

        HttpResponse<String> replayed = admin.post(BASE + "/" + UPDATES + "/replay",
                "{\"eventIds\":[\"" + sent.eventId() + "\"]}");

        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
        assertThat(admin.json(replayed.body()).path("replayed").asInt()).isEqualTo(1);
        awaitVersion(id, 1);
        JsonNode participants = versions(id).get(1).path("participants");
        assertThat(participants).hasSize(1);
        assertThat(participants.get(0).path("updateId").asString()).isEqualTo(updateId);
        assertThat(deadLetter(sent.eventId())).isEmpty();
    }

    /** This event's entry in the updates dead-letter queue, looking through as many as the API shows at once. */
    private Optional<JsonNode> deadLetter(String eventId) {
        JsonNode listing = admin.getJson(BASE + "/" + UPDATES + "?limit=1000");
        for (JsonNode dead : listing.path("deadLetters")) {
            if (eventId.equals(dead.path("eventId").asString())) {
                return Optional.of(dead);
            }
        }
        return Optional.empty();
    }

    private void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(admin.json(response.body()).path("status").asInt()).isEqualTo(status);
    }
}
