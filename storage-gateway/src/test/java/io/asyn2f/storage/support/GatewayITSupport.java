package io.asyn2f.storage.support;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.asyn2f.messaging.EventPublisher;
import io.asyn2f.s3.S3Properties;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the gateway's request-level ITs share: the application on a random port ({@link GatewayIntegrationTest}), a
 * client for it, a fresh session id per test, tokens signed like the registry's, and the beans they look at.
 */
@GatewayIntegrationTest
public abstract class GatewayITSupport {

    protected static final TestTokens tokens = TestTokens.get();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JsonMapper jsonMapper;

    @Autowired
    protected EventPublisher events;

    @Autowired
    protected S3Properties s3;

    protected GatewayHttp http;
    protected String session;

    @BeforeEach
    void clientAndSession() {
        http = new GatewayHttp(port);
        session = "s-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
