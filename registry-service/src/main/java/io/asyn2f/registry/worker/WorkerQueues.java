package io.asyn2f.registry.worker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import io.asyn2f.api.event.EventRouting;
import io.asyn2f.registry.session.SessionClosed;

/**
 * Removes worker queues nobody will read again, which would otherwise collect events forever: a revoked worker's at
 * once; when a session ends, those of its workers that are gone (LOST or REVOKED); and the queue of a worker of an
 * ended session when it goes LOST later. A worker still running when its session ends keeps consuming its queue and
 * deletes it itself on the way out (deleting its queue under it would only break its consumer); if it dies instead,
 * it goes LOST and its queue is removed then. A queue the worker never declared (it died first) is left alone: some
 * brokers (Qpid) answer deleting a missing queue with a channel error, which the AMQP client logs as an error.
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
            if (worker.state() != WorkerState.ACTIVE && delete(worker.workerId())) {
                deleted++;
            }
        }
        log.info("session {} closed: removed the queues of {} worker(s) that are gone", closed.sessionId(), deleted);
    }

    /** Deletes the worker's queue and its dead letters; false (logged) if the broker could not be asked. */
    boolean delete(String workerId) {
        String queue = EventRouting.workerQueue(workerId);
        try {
            // A passive check: its 404 for a missing queue is logged at debug, unlike a delete's.
            if (amqpAdmin.getQueueProperties(queue) != null) {
                amqpAdmin.deleteQueue(queue);
            }
            if (amqpAdmin.getQueueProperties(EventRouting.deadLetterQueue(queue)) != null) {
                amqpAdmin.deleteQueue(EventRouting.deadLetterQueue(queue));
            }
            return true;
        } catch (AmqpException e) {
            log.warn("could not remove queue {}: {}", queue, e.toString());
            return false;
        }
    }
}
