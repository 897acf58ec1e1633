package io.asyn2f.testing;

import io.asyn2f.embedded.EmbeddedAmqpBroker;
import io.asyn2f.embedded.EmbeddedPostgres;
import io.asyn2f.embedded.EmbeddedS3;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Forces the embedded path whatever the environment says: each embedded service on its own. */
class EmbeddedServicesIT {

    @Test
    void shouldRunEmbeddedPostgresWithTimestamptzAndUpserts() throws Exception {
        try (EmbeddedPostgres server = EmbeddedPostgres.start()) {
            PostgresEndpoint endpoint = PostgresEndpoint.of(server);

            assertThat(endpoint.source()).isEqualTo(Source.EMBEDDED);
            assertThat(PostgresChecks.version(endpoint)).startsWith("PostgreSQL 17");
            PostgresEndpoint database = endpoint.createFreshDatabase("embedded_it");
            assertThat(database.jdbcUrl()).contains("/" + database.databaseName());
            PostgresChecks.createInsertUpsertSelect(database);
        }
    }

    @Test
    void shouldPublishAndConsumeOnEmbeddedQpid() throws Exception {
        try (EmbeddedAmqpBroker broker = EmbeddedAmqpBroker.start()) {
            RabbitMqEndpoint endpoint = RabbitMqEndpoint.of(broker);

            assertThat(endpoint.port()).isPositive();
            assertThat(endpoint.virtualHost()).isEqualTo("default");
            AmqpRoundTrip.publishAndConsume(endpoint);
        }
    }

    @Test
    void shouldStoreAndReturnAnObjectInEmbeddedS3() throws Exception {
        byte[] content = "embedded s3".getBytes(StandardCharsets.UTF_8);
        try (EmbeddedS3 store = EmbeddedS3.start()) {
            S3Endpoint endpoint = S3Endpoint.of(store);
            String bucket = endpoint.createFreshBucket("embedded-it");

            try (MinioClient client = endpoint.minioClient()) {
                client.putObject(PutObjectArgs.builder().bucket(bucket).object("a/b.txt")
                        .stream(new ByteArrayInputStream(content), content.length, -1).build());
                try (InputStream read = client.getObject(GetObjectArgs.builder().bucket(bucket).object("a/b.txt").build())) {
                    assertThat(read.readAllBytes()).isEqualTo(content);
                }
            }
        }
    }
}
