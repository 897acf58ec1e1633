package io.asyn2f.registry.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.rabbitmq.client.AuthenticationFailureException;

import io.asyn2f.api.event.WorkerRole;
import io.asyn2f.api.registry.RegistrationResponse;
import io.asyn2f.registry.support.PerWorkerBrokerUsersTest;

import tools.jackson.databind.JsonNode;

/**
 * The failure order of a registration with per-worker broker users: the user is made inside the registration's
 * transaction, so a transaction that rolls back after it was made (a failed publish of worker.registered, the
 * database gone) must not leave a user that can connect. A new worker's user is deleted again at once.
 */
class WorkerBrokerUsersRollbackIT extends PerWorkerBrokerUsersTest {

    @Autowired
    WorkerBrokerUsers brokerUsers;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Test
    void shouldDeleteTheUserOfANewWorkerWhoseRegistrationRolledBack() throws Exception {
        String sessionId = openSession();
        Worker worker = new Worker("w-rollback-" + UUID.randomUUID().toString().substring(0, 8), sessionId,
                Instant.now(), null);
        worker.describe(WorkerRole.TRAINER, 100, 0.9, null);
        RegistrationResponse.Broker[] granted = new RegistrationResponse.Broker[1];

        new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
            granted[0] = brokerUsers.grant(worker, false);
            try {
                assertThat(connect(json(granted[0])).isOpen()).as("the user works inside the transaction").isTrue();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            status.setRollbackOnly();
        });

        assertThatThrownBy(() -> connect(json(granted[0]))).isInstanceOf(AuthenticationFailureException.class);
    }

    private JsonNode json(RegistrationResponse.Broker broker) {
        return json.valueToTree(broker);
    }
}
