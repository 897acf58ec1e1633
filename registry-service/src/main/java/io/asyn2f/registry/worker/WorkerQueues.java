package io.asyn2f.registry.worker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import io.asyn2f.core.event.EventRouting;
import io.asyn2f.registry.session.SessionClosed;

/**
 * Removes worker queues nobody will read again: those of every worker of a session that ended (a worker that is
 * gone, killed or LOST, would otherwise leave a durable queue collecting events forever), and a revoked worker's.
 * A worker still running deletes its own queue when its session stops; deleting a missing queue is harmless.
 */
@Component
class WorkerQueues {

    private static final Logger log = LoggerFactory.getLogger(WorkerQueues.class);

    private final WorkerRepository workers;
    private final AmqpAdmin amqpAdmin;

    WorkerQueues(WorkerRepository workers, AmqpAdmin amqpAdmin) {
        this.workers = workers;
        this.amqpAdmin = amqpAdmin;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void onSessionClosed(SessionClosed closed) {
        int deleted = 0;
        for (Worker worker : workers.search(closed.sessionId(), null)) {
            if (delete(worker.workerId())) {
                deleted++;
            }
        }
        log.info("session {} closed: removed the queues of {} worker(s)", closed.sessionId(), deleted);
    }

    /** Deletes the worker's queue and its dead letters; false (logged) if the broker could not be asked. */
    boolean delete(String workerId) {
        String queue = EventRouting.workerQueue(workerId);
        try {
            amqpAdmin.deleteQueue(queue);
            amqpAdmin.deleteQueue(EventRouting.deadLetterQueue(queue));
            return true;
        } catch (AmqpException e) {
            log.warn("could not remove queue {}: {}", queue, e.toString());
            return false;
        }
    }
}
