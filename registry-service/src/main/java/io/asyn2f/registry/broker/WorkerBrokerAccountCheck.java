package io.asyn2f.registry.broker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.asyn2f.registry.config.RegistryProperties;

/**
 * Warns once at start when workers are handed the services' own broker account: the services accept session, worker
 * and global-model events only from that account (AMQP user_id), so a worker holding it could forge them.
 */
@Component
class WorkerBrokerAccountCheck {

    private static final Logger log = LoggerFactory.getLogger(WorkerBrokerAccountCheck.class);

    private final RegistryProperties properties;
    private final String serviceUser;

    WorkerBrokerAccountCheck(RegistryProperties properties,
            @Value("${spring.rabbitmq.username:guest}") String serviceUser) {
        this.properties = properties;
        this.serviceUser = serviceUser;
    }

    @EventListener(ApplicationReadyEvent.class)
    void warnIfWorkersShareTheServiceAccount() {
        if (properties.workerBroker().management().enabled()) {
            log.info("workers get broker users of their own (asyn2f-worker-<id>), managed through {}",
                    properties.workerBroker().management().url());
        } else if (serviceUser.equals(properties.workerBroker().username())) {
            log.warn("workers are given the services' broker account '{}': fine for a laptop, not for production. "
                    + "Give each worker a broker user of its own (asyn2f.registry.worker-broker.management.url, "
                    + "username, password: docs/security.md) or at least a shared worker account "
                    + "(asyn2f.registry.worker-broker.username/password).", serviceUser);
        }
    }
}
