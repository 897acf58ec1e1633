package io.asyn2f.testing.spring;

import io.asyn2f.testing.PostgresEndpoint;
import io.asyn2f.testing.ServiceContainers;
import io.asyn2f.testing.TestInfrastructure;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Points {@code spring.datasource.*} at a PostgreSQL database for a {@code @SpringBootTest}: a
 * {@code @ServiceConnection} container when the Docker path is selected, otherwise a fresh database (named after
 * {@code spring.application.name}) on the environment's or the embedded server.
 */
@TestConfiguration(proxyBeanMethods = false)
public class PostgresTestConfiguration {

    @Bean(destroyMethod = "stop")
    @ServiceConnection
    @Conditional(DockerSelected.class)
    PostgreSQLContainer asyn2fPostgresContainer() {
        return ServiceContainers.postgres();
    }

    @Bean
    @Conditional(DockerNotSelected.class)
    DynamicPropertyRegistrar asyn2fPostgresProperties(Environment environment) {
        PostgresEndpoint database = TestInfrastructure.freshDatabase(
                environment.getProperty("spring.application.name", "asyn2f"));
        return registry -> {
            registry.add("spring.datasource.url", database::jdbcUrl);
            registry.add("spring.datasource.username", database::username);
            registry.add("spring.datasource.password", database::password);
        };
    }

    static final class DockerSelected extends DockerSelection {
        DockerSelected() {
            super(TestInfrastructure::postgresSource, true);
        }
    }

    static final class DockerNotSelected extends DockerSelection {
        DockerNotSelected() {
            super(TestInfrastructure::postgresSource, false);
        }
    }
}
