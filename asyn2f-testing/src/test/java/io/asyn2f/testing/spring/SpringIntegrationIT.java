package io.asyn2f.testing.spring;

import io.asyn2f.testing.S3Endpoint;
import io.asyn2f.testing.Source;
import io.asyn2f.testing.TestInfrastructure;
import io.asyn2f.testing.app.TestApplication;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = TestApplication.class, properties = "spring.application.name=spring-integration-it")
@Import({TestInfrastructureConfiguration.class, SpringIntegrationIT.Messaging.class})
class SpringIntegrationIT {

    private static final String QUEUE = "asyn2f-testing-spring-" + UUID.randomUUID();

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    Environment environment;

    @Value("${spring.datasource.url:}")
    String datasourceUrl;

    @Test
    void shouldGiveTheServiceAWorkingDataSourceOnItsOwnDatabase() throws Exception {
        jdbc.execute("create table session (id bigint primary key, started_at timestamptz not null default now())");
        jdbc.update("insert into session (id) values (?) on conflict (id) do nothing", 1L);
        jdbc.update("insert into session (id) values (?) on conflict (id) do nothing", 1L);

        assertThat(jdbc.queryForObject("select count(*) from session", Integer.class)).isEqualTo(1);
        if (TestInfrastructure.postgresSource() != Source.TESTCONTAINERS) {
            try (Connection connection = dataSource.getConnection()) {
                assertThat(connection.getCatalog()).startsWith("spring_integration_it_");
            }
        }
    }

    @Test
    void shouldGiveTheServiceAWorkingRabbitTemplate() {
        rabbit.convertAndSend("", QUEUE, "hello from spring");

        Object received = rabbit.receiveAndConvert(QUEUE, 10_000);

        assertThat(received).isEqualTo("hello from spring");
    }

    @Test
    void shouldPointAsyn2fS3PropertiesAtAWorkingStore() {
        S3Endpoint fromProperties = new S3Endpoint(environment.getRequiredProperty("asyn2f.s3.endpoint"),
                environment.getRequiredProperty("asyn2f.s3.access-key"),
                environment.getRequiredProperty("asyn2f.s3.secret-key"),
                environment.getRequiredProperty("asyn2f.s3.region"), TestInfrastructure.s3Source());

        String bucket = fromProperties.createFreshBucket("spring-it");

        assertThat(bucket).startsWith("spring-it-");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Messaging {
        @Bean
        Queue springIntegrationQueue() {
            return new Queue(QUEUE, false, false, true);
        }
    }
}
