package io.asyn2f.registry.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.beans.factory.annotation.Autowired;

import io.asyn2f.core.event.EventRouting;
import io.asyn2f.registry.support.RegistryIntegrationTest;

/** Worker queues do not outlive their use: removed when the session ends (the worker may be long gone) or on revoke. */
class WorkerQueuesIT extends RegistryIntegrationTest {

    @Autowired
    AmqpAdmin amqp;

    @Test
    void shouldRemoveTheQueuesOfEveryWorkerOfASessionThatEnded() throws Exception {
        String sessionId = openSession();
        String gone = register(sessionId, "trainer").path("workerId").asString();
        String tester = register(sessionId, "tester").path("workerId").asString();
        // As the workers declared them; the trainer was then killed and never came back to delete its own.
        declareWorkerQueue(gone);
        declareWorkerQueue(tester);

        stopSession(sessionId);

        // Deleted one worker after the other, each queue before its dead letters: wait for all four.
        await().atMost(EVENT_WAIT).untilAsserted(() -> {
            for (String worker : List.of(gone, tester)) {
                assertThat(amqp.getQueueInfo(EventRouting.workerQueue(worker))).isNull();
                assertThat(amqp.getQueueInfo(EventRouting.deadLetterQueue(EventRouting.workerQueue(worker)))).isNull();
            }
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
