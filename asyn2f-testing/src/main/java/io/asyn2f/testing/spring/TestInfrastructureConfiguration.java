package io.asyn2f.testing.spring;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/** PostgreSQL, RabbitMQ and S3 together, for services that use all three. */
@TestConfiguration(proxyBeanMethods = false)
@Import({PostgresTestConfiguration.class, RabbitMqTestConfiguration.class, S3TestConfiguration.class})
public class TestInfrastructureConfiguration {
}
