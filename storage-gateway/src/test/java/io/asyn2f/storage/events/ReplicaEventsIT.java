package io.asyn2f.storage.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import io.asyn2f.api.event.EventRouting;
import io.asyn2f.api.event.GlobalModelPublished;
import io.asyn2f.api.event.WorkerRevoked;
import io.asyn2f.messaging.EventPublisher;
import io.asyn2f.messaging.EventTopology.InstanceQueue;
import io.asyn2f.storage.support.GatewayHttp;
import io.asyn2f.storage.support.GatewayInstance;
import io.asyn2f.storage.support.TestTokens;

/**
 * Two replicas of the gateway on one broker: each has its own queue, so each sees every event. The replicas are
 * started once for the class (each start costs seconds); the test that stops one runs last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicaEventsIT {

    private static final TestTokens tokens = TestTokens.get();
    private static final String UPLOAD = "{\"sizeBytes\":1000,\"sha256\":\"" + "a".repeat(64) + "\"}";

    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String prefix = "asyn2f.gateway.events.replicas-" + suffix;
    private final String session = "s-" + suffix;
    private GatewayInstance first;
    private GatewayInstance second;

    @BeforeAll
    void startTwoReplicas() {
        first = GatewayInstance.start(prefix, "gateway-replicas-" + suffix, Map.of());
        second = GatewayInstance.start(prefix, "gateway-replicas-" + suffix, Map.of());
    }

    @AfterAll
    void stopReplicas() {
        AmqpAdmin admin = first.bean(AmqpAdmin.class);
        List<String> queues = new ArrayList<>();
        for (GatewayInstance instance : List.of(first, second)) {
            if (instance.isActive()) {
                queues.add(instance.bean(InstanceQueue.class).name());
            }
        }
        second.close();
        queues.forEach(admin::deleteQueue);
        admin.deleteQueue(EventRouting.deadLetterQueue(prefix));
        first.close();
    }

    @Test
    void shouldGiveEachReplicaAQueueOfItsOwn() {
        String firstQueue = first.bean(InstanceQueue.class).name();
        String secondQueue = second.bean(InstanceQueue.class).name();

        assertThat(firstQueue).startsWith(prefix + ".").isNotEqualTo(secondQueue);
        assertThat(secondQueue).startsWith(prefix + ".");
        AmqpAdmin admin = first.bean(AmqpAdmin.class);
        assertThat(admin.getQueueProperties(firstQueue)).isNotNull();
        assertThat(admin.getQueueProperties(secondQueue)).isNotNull();
    }

    @Test
    void shouldRefuseARevokedWorkerOnEveryReplicaAfterOneEvent() {
        String revoked = tokens.trainer(session, "w-bad", 1_000_000);
        String other = tokens.trainer(session, "w-good", 1_000_000);
        for (GatewayInstance replica : List.of(first, second)) {
            assertThat(replica.http().post(uploads(), revoked, UPLOAD).statusCode()).isEqualTo(200);
        }

        first.bean(EventPublisher.class).publish(new WorkerRevoked(session, "w-bad", "admin revoked"));

        for (GatewayInstance replica : List.of(first, second)) {
            GatewayHttp http = replica.http();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                HttpResponse<String> response = http.post(uploads(), revoked, UPLOAD);
                assertThat(response.statusCode()).isEqualTo(403);
                assertThat(response.body()).contains("\"reason\":\"revoked\"");
            });
            assertThat(http.post(uploads(), other, UPLOAD).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldDeadLetterARefusedEventOfEveryReplicaIntoTheSharedQueue() {
        String wrongKey = "sessions/" + session + "/global/not-a-version.a2fm";
        first.bean(EventPublisher.class).publish(new GlobalModelPublished(session, 3, wrongKey, "b".repeat(64),
                1000, List.of("w-1"), 0.9, 0.1, 100, 0.01));

        RabbitTemplate rabbit = first.bean(RabbitTemplate.class);
        List<String> reasons = new ArrayList<>();
        // The replicas bind to every session, so while other test classes' contexts publish (cached contexts stay
        // alive), their refused events can land in the same dead-letter queue: count only this test's.
        // Each poll drains what has arrived, so a burst of their dead letters cannot hold ours back until the bound.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Message dead;
            while ((dead = rabbit.receive(EventRouting.deadLetterQueue(prefix))) != null) {
                reasons.add(String.valueOf(dead.getMessageProperties().getHeaders()
                        .get(EventRouting.HEADER_REJECT_REASON)));
            }
            assertThat(reasons).filteredOn(reason -> reason.contains(wrongKey)).hasSize(2);
        });
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void shouldDropAReplicasQueueWhenTheReplicaStops() {
        String secondQueue = second.bean(InstanceQueue.class).name();
        AmqpAdmin admin = first.bean(AmqpAdmin.class);

        second.close();

        await().atMost(Duration.ofSeconds(20)).until(() -> admin.getQueueProperties(secondQueue) == null);
        assertThat(admin.getQueueProperties(EventRouting.deadLetterQueue(prefix))).isNotNull();
    }

    private String uploads() {
        return "/api/v1/sessions/" + session + "/uploads";
    }
}
