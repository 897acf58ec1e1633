package io.asyn2f.testing;

import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.http.Method;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared S3 store (environment's, else embedded S3Proxy): SDK access and SigV4 presigned URLs. */
class S3ProxyIT {

    private static S3Endpoint store;
    private static MinioClient client;
    private static String bucket;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void createBucket() {
        store = TestInfrastructure.s3();
        client = store.minioClient();
        bucket = store.createFreshBucket("s3proxy-it");
    }

    @AfterAll
    static void closeClient() throws Exception {
        client.close();
    }

    @Test
    void shouldPutAndGetAnObjectWithTheMinioSdk() throws Exception {
        byte[] model = randomBytes(256 * 1024);

        client.putObject(PutObjectArgs.builder().bucket(bucket).object("models/global-1.bin")
                .stream(new ByteArrayInputStream(model), model.length, -1).build());

        try (InputStream read = client.getObject(GetObjectArgs.builder().bucket(bucket)
                .object("models/global-1.bin").build())) {
            assertThat(read.readAllBytes()).isEqualTo(model);
        }
    }

    @Test
    void shouldAcceptPresignedPutAndGetFromAPlainHttpClient() throws Exception {
        byte[] update = randomBytes(64 * 1024);
        String object = "updates/worker-7.bin";

        HttpResponse<String> put = http.send(HttpRequest.newBuilder(presigned(Method.PUT, object))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(update)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(client.statObject(StatObjectArgs.builder().bucket(bucket).object(object).build()).size())
                .isEqualTo(update.length);

        HttpResponse<byte[]> get = http.send(HttpRequest.newBuilder(presigned(Method.GET, object)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(update);
    }

    @Test
    void shouldRejectATamperedPresignedUrl() throws Exception {
        String object = "updates/worker-8.bin";
        String url = presigned(Method.PUT, object).toString();
        // Signed for worker-8, used for worker-9: the signature no longer matches.
        URI tampered = URI.create(url.replace("worker-8", "worker-9"));

        HttpResponse<String> put = http.send(HttpRequest.newBuilder(tampered)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3})).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(put.statusCode()).isEqualTo(403);
    }

    private static URI presigned(Method method, String object) throws Exception {
        return URI.create(client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(method)
                .bucket(bucket).object(object).expiry(5, TimeUnit.MINUTES).build()));
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        return bytes;
    }
}
