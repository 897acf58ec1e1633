package io.asyn2f.testing;

import io.asyn2f.embedded.EmbeddedS3;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;

import java.util.Locale;
import java.util.UUID;

/** An S3-compatible store and the credentials to reach it. */
public record S3Endpoint(String endpointUrl, String accessKey, String secretKey, String region, Source source) {

    /** A new MinIO client for this store; the caller closes it (an unclosed client keeps the JVM alive ~60 s). */
    public MinioClient minioClient() {
        return MinioClient.builder().endpoint(endpointUrl).credentials(accessKey, secretKey).region(region).build();
    }

    /** Creates the bucket unless it exists already. */
    public void createBucket(String bucket) {
        try (MinioClient client = minioClient()) {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).region(region).build());
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create bucket " + bucket + " at " + endpointUrl, e);
        }
    }

    /** Creates a new, uniquely named bucket (prefix plus random suffix, valid S3 name) and returns its name. */
    public String createFreshBucket(String prefix) {
        String cleaned = (prefix == null ? "" : prefix).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        if (cleaned.length() > 40) {
            cleaned = cleaned.substring(0, 40);
        }
        String bucket = (cleaned.isEmpty() ? "test" : cleaned) + "-"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        createBucket(bucket);
        return bucket;
    }

    @Override
    public String toString() {
        return "S3Endpoint[" + endpointUrl + ", region=" + region + ", accessKey=" + accessKey + ", source="
                + source + "]";
    }

    public static S3Endpoint of(EmbeddedS3 store) {
        return new S3Endpoint(store.endpointUrl(), store.accessKey(), store.secretKey(), store.region(), Source.EMBEDDED);
    }
}
