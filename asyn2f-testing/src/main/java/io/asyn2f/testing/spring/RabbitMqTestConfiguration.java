package io.asyn2f.testing.spring;

import io.asyn2f.testing.RabbitMqEndpoint;
import io.asyn2f.testing.ServiceContainers;
import io.asyn2f.testing.TestInfrastructure;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.testcontainers.rabbitmq.RabbitMQContainer;

/**
 * Points {@code spring.rabbitmq.*} at an AMQP 0-9-1 broker for a {@code @SpringBootTest}: a
 * {@code @ServiceConnection} container when the Docker path is selected, otherwise the environment's broker or
 * the embedded Qpid broker (virtual host {@code default}). The broker is shared, so use unique queue names.
 */
@TestConfiguration(proxyBeanMethods = false)
public class RabbitMqTestConfiguration {

    @Bean(destroyMethod = "stop")
    @ServiceConnection
    @Conditional(DockerSelected.class)
    RabbitMQContainer asyn2fRabbitMqContainer() {
        return ServiceContainers.rabbitMq();
    }

    @Bean
    @Conditional(DockerNotSelected.class)
    DynamicPropertyRegistrar asyn2fRabbitMqProperties() {
        RabbitMqEndpoint broker = TestInfrastructure.rabbitMq();
        return registry -> {
            registry.add("spring.rabbitmq.host", broker::host);
            registry.add("spring.rabbitmq.port", broker::port);
            registry.add("spring.rabbitmq.username", broker::username);
            registry.add("spring.rabbitmq.password", broker::password);
            registry.add("spring.rabbitmq.virtual-host", broker::virtualHost);
        };
    }

    static final class DockerSelected extends DockerSelection {
        DockerSelected() {
            super(TestInfrastructure::rabbitMqSource, true);
        }
    }

    static final class DockerNotSelected extends DockerSelection {
        DockerNotSelected() {
            super(TestInfrastructure::rabbitMqSource, false);
        }
    }
}
