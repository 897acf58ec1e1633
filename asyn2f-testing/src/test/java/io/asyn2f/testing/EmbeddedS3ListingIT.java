package io.asyn2f.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.asyn2f.embedded.EmbeddedS3;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;

/**
 * The launcher starts its store on a folder given relative to the working directory ({@code results/<time>/store}).
 * S3Proxy's filesystem store listed nothing on a relative root, so the storage-gateway, which resolves a session's
 * {@code latest} global model by listing when no announcement has reached it yet, answered "no global model yet"
 * for version 0 and every worker stopped. Listing must see what was written, whatever form the folder is given in.
 */
class EmbeddedS3ListingIT {

    @Test
    void shouldListObjectsOfAStoreStartedOnARelativeFolder() throws Exception {
        Path relative = Path.of("target", "embedded-s3-" + UUID.randomUUID());
        assertThat(relative.isAbsolute()).isFalse();
        try (EmbeddedS3 store = EmbeddedS3.start(relative);
                MinioClient client = MinioClient.builder().endpoint(store.endpointUrl())
                        .credentials(store.accessKey(), store.secretKey()).region(store.region()).build()) {
            client.makeBucket(MakeBucketArgs.builder().bucket("asyn2f").build());
            byte[] blob = new byte[128];
            client.putObject(PutObjectArgs.builder().bucket("asyn2f").object("sessions/s-1/global/0.a2fm")
                    .stream(new ByteArrayInputStream(blob), blob.length, -1).build());

            List<String> listed = new ArrayList<>();
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder().bucket("asyn2f")
                    .prefix("sessions/s-1/global/").recursive(false).build())) {
                listed.add(result.get().objectName());
            }

            assertThat(listed).containsExactly("sessions/s-1/global/0.a2fm");
            assertThat(Files.exists(relative.resolve("asyn2f/sessions/s-1/global/0.a2fm"))).isTrue();
        } finally {
            try (Stream<Path> paths = Files.walk(relative)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
