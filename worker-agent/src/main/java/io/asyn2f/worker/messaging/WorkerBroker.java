package io.asyn2f.worker.messaging;

import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;

import io.asyn2f.api.event.EventCodec;
import io.asyn2f.api.event.EventEnvelope;
import io.asyn2f.api.event.EventRouting;
import io.asyn2f.api.event.FlEvent;
import io.asyn2f.api.event.GlobalModelPublished;
import io.asyn2f.api.event.SessionStopped;
import io.asyn2f.api.registry.RegistrationResponse;
import io.asyn2f.messaging.DeadLetters;
import io.asyn2f.messaging.EventDelivery;
import io.asyn2f.messaging.EventMessages;
import io.asyn2f.messaging.EventTopology;

/**
 * The worker's connection to the event broker, built from what the registry returned (the broker is not known
 * before registration, so Boot's static RabbitMQ auto-configuration is not used). Declares the worker's queue
 * {@code asyn2f.worker.<workerId>} bound to {@code global.published.<session>} and {@code session.stopped.<session>},
 * consumes it with manual acks through {@link EventDelivery}, and publishes the worker's events with its access token
 * in the {@value EventRouting#HEADER_ACCESS_TOKEN} header, waiting for the broker's confirm.
 *
 * <p>With a broker user of its own (docs/security.md, "Broker identity") the worker may declare nothing shared: it
 * checks the exchanges passively and declares one only if it is missing (a broker that restarted empty, e.g. the
 * embedded one, where the worker has the shared account). Control events are accepted only from the registry's
 * trusted publishers (AMQP {@code user_id}, checked by the broker); one with a missing or another user_id is
 * dead-lettered with its reason and never acted on. A failed event is requeued, not republished: the worker's user
 * may not publish through the default exchange.
 */
public final class WorkerBroker implements AutoCloseable {

    private static final long CONFIRM_TIMEOUT_MS = 10_000;
    private static final long RECOVERY_INTERVAL_MS = 2_000;
    private static final Logger log = LoggerFactory.getLogger(WorkerBroker.class);

    private final CachingConnectionFactory connectionFactory;
    private final RabbitTemplate template;
    private final EventCodec codec = new EventCodec();
    private final String sessionId;
    private final String queue;
    private final Set<String> trustedPublishers;
    private SimpleMessageListenerContainer container;
    private boolean declared;

    public WorkerBroker(RegistrationResponse.Broker broker, String sessionId, String workerId) {
        this.connectionFactory = new CachingConnectionFactory(broker.host(), broker.port());
        connectionFactory.setUsername(broker.username());
        connectionFactory.setPassword(broker.password());
        connectionFactory.setVirtualHost(broker.virtualHost() == null ? "/" : broker.virtualHost());
        connectionFactory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.SIMPLE);
        this.template = new RabbitTemplate(connectionFactory);
        this.sessionId = sessionId;
        this.queue = EventRouting.workerQueue(workerId);
        this.trustedPublishers = Set.copyOf(broker.trustedPublishers());
    }

    /**
     * Declares the queue and starts consuming; handlers run on the listener thread, never the training thread. After
     * a broker or network loss the connection is re-established, the declarations are made again (a restarted broker
     * may have lost them) and consuming resumes; training goes on meanwhile.
     */
    public void start(WorkerEventHandler handler) {
        declare();
        EventDelivery delivery = EventDelivery.forWorkerQueue(codec, new DeadLetters(template),
                EventDelivery.DEFAULT_MAX_ATTEMPTS, trustedPublishers);
        container = new SimpleMessageListenerContainer(connectionFactory);
        container.setQueueNames(queue);
        container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        container.setConcurrentConsumers(1);
        container.setPrefetchCount(1);
        // Keep trying while the broker is away instead of giving up on a queue that is briefly missing.
        container.setMissingQueuesFatal(false);
        container.setRecoveryInterval(RECOVERY_INTERVAL_MS);
        container.setMessageListener((ChannelAwareMessageListener) (message, channel) ->
                delivery.handle(message, channel, queue, envelope -> dispatch(envelope, handler)));
        container.start();
    }

    /**
     * Makes sure the exchanges exist (passively; declared only if missing) and declares this worker's queue with its
     * bindings, now and again after every reconnect (idempotent). Called before the first download, so events
     * published while the worker joins wait in the queue.
     */
    public synchronized void declare() {
        if (declared) {
            return;
        }
        RabbitAdmin admin = new RabbitAdmin(connectionFactory);
        Runnable declarations = () -> {
            EventTopology.exchanges().getDeclarables().forEach(exchange ->
                    ensureExchange(admin, (Exchange) exchange));
            declare(admin, EventTopology.consumerQueue(queue,
                    EventRouting.oneSession(GlobalModelPublished.TYPE, sessionId),
                    EventRouting.oneSession(SessionStopped.TYPE, sessionId)));
        };
        declarations.run();
        connectionFactory.addConnectionListener(connection -> declarations.run());
        declared = true;
    }

    /** Publishes a worker event with the access token header and waits for the confirm. */
    public EventEnvelope publish(FlEvent event, String accessToken) {
        // With a broker user of its own, the aggregator accepts the worker's events only with that user as user_id
        // (asyn2f.messaging.worker-broker-users).
        return EventMessages.publishWorkerEvent(template, codec, event, accessToken, connectionFactory.getUsername(),
                CONFIRM_TIMEOUT_MS);
    }

    private void dispatch(EventEnvelope envelope, WorkerEventHandler handler) {
        FlEvent event = envelope.event();
        if (!sessionId.equals(event.sessionId())) {
            throw new io.asyn2f.messaging.RejectedEventException("event for session " + event.sessionId()
                    + " on the queue of a worker of session " + sessionId);
        }
        if (event instanceof GlobalModelPublished published) {
            handler.globalModelPublished(published);
        } else if (event instanceof SessionStopped stopped) {
            handler.sessionStopped(stopped);
        } else {
            throw new io.asyn2f.messaging.RejectedEventException("a worker does not handle " + event.type());
        }
    }

    /** A passive check first: a worker with its own broker user may not declare a shared exchange. */
    private void ensureExchange(RabbitAdmin admin, Exchange exchange) {
        try {
            template.execute(channel -> channel.exchangeDeclarePassive(exchange.getName()));
        } catch (AmqpException missing) {
            log.info("exchange {} is missing ({}); declaring it", exchange.getName(), missing.getMessage());
            admin.declareExchange(exchange);
        }
    }

    private static void declare(RabbitAdmin admin, Declarables declarables) {
        declarables.getDeclarables().forEach(declarable -> {
            if (declarable instanceof Exchange exchange) {
                admin.declareExchange(exchange);
            } else if (declarable instanceof org.springframework.amqp.core.Queue queue) {
                admin.declareQueue(queue);
            } else if (declarable instanceof org.springframework.amqp.core.Binding binding) {
                admin.declareBinding(binding);
            }
        });
    }

    @Override
    public void close() {
        close(false);
    }

    /**
     * Stops consuming and disconnects. With {@code sessionOver} the worker's queue is deleted too: its session has
     * ended, so nothing will be published to it again (a worker that merely restarts keeps its queue and finds the
     * events it missed).
     */
    public void close(boolean sessionOver) {
        if (container != null) {
            container.stop();
        }
        if (sessionOver) {
            try {
                new RabbitAdmin(connectionFactory).deleteQueue(queue);
            } catch (RuntimeException e) {
                log.warn("could not delete queue {}: {}", queue,
                        e.toString());
            }
        }
        connectionFactory.destroy();
    }
}
