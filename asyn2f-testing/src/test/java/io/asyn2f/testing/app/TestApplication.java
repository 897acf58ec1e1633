package io.asyn2f.testing.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Stands in for a service in {@code SpringIntegrationIT}: JDBC and AMQP auto-configuration, nothing else. */
@SpringBootApplication
public class TestApplication {
}
