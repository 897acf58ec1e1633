package io.asyn2f.registry.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

import io.asyn2f.api.event.EventRouting;
import io.asyn2f.registry.support.RegistryIntegrationTest;

/** Worker queues do not outlive their use: removed once the session has ended and the worker is gone, or on revoke. */
// Long enough that a worker heartbeating every few hundred milliseconds stays ACTIVE on a loaded machine.
@TestPropertySource(properties = "asyn2f.registry.heartbeat.timeout=6s")
class WorkerQueuesIT extends RegistryIntegrationTest {

    private static final Duration LOST_WAIT = Duration.ofSeconds(30);

    @Autowired
    AmqpAdmin amqp;

    @Test
    void shouldRemoveTheQueuesOfTheWorkersOfAnEndedSessionOnceTheyAreGone() throws Exception {
        String sessionId = openSession();
        String killed = register(sessionId, "trainer").path("workerId").asString();
        // As the worker declared it; then it was killed, sent no more heartbeats and never deleted its queue.
        declareWorkerQueue(killed);
        await().atMost(LOST_WAIT).until(() -> "LOST".equals(workerState(killed)));

        stopSession(sessionId);

        // The queue and then its dead letters are deleted one after the other: wait for both.
        await().atMost(EVENT_WAIT).untilAsserted(() -> {
            assertThat(amqp.getQueueInfo(EventRouting.workerQueue(killed))).isNull();
            assertThat(amqp.getQueueInfo(EventRouting.deadLetterQueue(EventRouting.workerQueue(killed)))).isNull();
        });
    }

    @Test
    void shouldLeaveARunningWorkersQueueToItUntilItIsGone() throws Exception {
        String sessionId = openSession();
        JsonNode registered = register(sessionId, "trainer");
        String running = registered.path("workerId").asString();
        String token = registered.path("accessToken").asString();
        declareWorkerQueue(running);

        stopSession(sessionId);

        // Still heartbeating, so still ACTIVE: it may be consuming its queue right now and deletes it itself.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                .until(() -> post("/api/v1/workers/" + running + "/heartbeat", null, bearer(token)).statusCode() == 200
                        && amqp.getQueueInfo(EventRouting.workerQueue(running)) != null);
        // Then it dies without deleting it: no more heartbeats, LOST, and the queue goes.
        await().atMost(LOST_WAIT).untilAsserted(() -> {
            assertThat(workerState(running)).isEqualTo("LOST");
            assertThat(amqp.getQueueInfo(EventRouting.workerQueue(running))).isNull();
        });
    }

    @Test
    void shouldRemoveTheQueueOfARevokedWorker() throws Exception {
        String sessionId = openSession();
        String revoked = register(sessionId, "trainer").path("workerId").asString();
        String kept = register(sessionId, "trainer").path("workerId").asString();
        declareWorkerQueue(revoked);
        declareWorkerQueue(kept);

        assertThat(post("/api/v1/admin/workers/" + revoked + "/revoke", "{\"reason\":\"misbehaving\"}",
                basic(ADMIN_USER, ADMIN_PASSWORD)).statusCode()).isEqualTo(200);

        assertThat(amqp.getQueueInfo(EventRouting.workerQueue(revoked))).isNull();
        assertThat(amqp.getQueueInfo(EventRouting.workerQueue(kept))).isNotNull();
        amqp.deleteQueue(EventRouting.workerQueue(kept));
        amqp.deleteQueue(EventRouting.deadLetterQueue(EventRouting.workerQueue(kept)));
    }

    private void declareWorkerQueue(String workerId) {
        Queue queue = QueueBuilder.durable(EventRouting.workerQueue(workerId)).build();
        amqp.declareQueue(queue);
        amqp.declareQueue(QueueBuilder.durable(EventRouting.deadLetterQueue(queue.getName())).build());
    }
}
