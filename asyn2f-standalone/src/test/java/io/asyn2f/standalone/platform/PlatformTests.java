package io.asyn2f.standalone.platform;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

import io.asyn2f.standalone.LauncherOptions;

class PlatformTests {

    @Test
    void shouldNameAnUnreachableExternalServiceBeforeStartingAnything() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        LauncherOptions.External rabbit = new LauncherOptions.External("amqp://u:p@127.0.0.1:" + closedPort + "/%2f",
                null, "postgres", "", null, null, null, "us-east-1");
        LauncherOptions.External postgres = new LauncherOptions.External(null,
                "jdbc:postgresql://127.0.0.1:" + closedPort + "/fl", "postgres", "", null, null, null, "us-east-1");
        LauncherOptions.External s3 = new LauncherOptions.External(null, null, "postgres", "",
                "http://127.0.0.1:" + closedPort, "k", "s", "us-east-1");

        assertThatThrownBy(() -> Platform.checkReachable(rabbit))
                .hasMessageStartingWith("RabbitMQ at 127.0.0.1:" + closedPort + " is unreachable");
        assertThatThrownBy(() -> Platform.checkReachable(postgres))
                .hasMessageStartingWith("PostgreSQL at 127.0.0.1:" + closedPort + " is unreachable");
        assertThatThrownBy(() -> Platform.checkReachable(s3))
                .hasMessageStartingWith("the S3 store at 127.0.0.1:" + closedPort + " is unreachable");
    }
}
