package io.asyn2f.storage.store;

import java.time.Clock;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.asyn2f.storage.system.S3Properties;
import io.minio.BucketExistsArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import io.minio.messages.Item;

/**
 * The gateway's only view of S3: it signs URLs and looks at keys, and never moves model bytes.
 *
 * <p>Two MinIO clients: one talks to the store at {@code asyn2f.s3.endpoint}; the other only signs, for the
 * address workers use ({@code asyn2f.s3.public-endpoint}). With the region configured, signing is local computation.
 */
public class ObjectStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ObjectStore.class);

    private final MinioClient client;
    private final MinioClient signer;
    private final String bucket;
    private final String region;
    private final Clock clock;

    public ObjectStore(S3Properties properties, Clock clock) {
        this.bucket = properties.bucket();
        this.region = properties.region();
        this.clock = clock;
        this.client = MinioClient.builder()
                .endpoint(properties.endpoint().toString())
                .credentials(properties.accessKey(), properties.secretKey())
                .region(properties.region())
                .build();
        this.signer = properties.publicEndpoint() == null ? client : MinioClient.builder()
                .endpoint(properties.publicEndpoint().toString())
                .credentials(properties.accessKey(), properties.secretKey())
                .region(properties.region())
                .build();
    }

    /** Creates the bucket if it does not exist yet. */
    public void ensureBucket() {
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).region(region).build());
                log.info("created bucket {}", bucket);
            }
        } catch (ErrorResponseException e) {
            // Another replica created it between the check and the create.
            String code = e.errorResponse().code();
            if (!"BucketAlreadyOwnedByYou".equals(code) && !"BucketAlreadyExists".equals(code)) {
                throw new ObjectStoreException("cannot create bucket " + bucket, e);
            }
        } catch (Exception e) {
            throw new ObjectStoreException("cannot create bucket " + bucket, e);
        }
    }

    public String bucket() {
        return bucket;
    }

    public PresignedUrl presignPut(String key, java.time.Duration expiry) {
        return presign(Method.PUT, key, expiry);
    }

    public PresignedUrl presignGet(String key, java.time.Duration expiry) {
        return presign(Method.GET, key, expiry);
    }

    private PresignedUrl presign(Method method, String key, java.time.Duration expiry) {
        Instant now = clock.instant();
        try {
            String url = signer.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                    .method(method)
                    .bucket(bucket)
                    .object(key)
                    .expiry((int) expiry.toSeconds(), TimeUnit.SECONDS)
                    .build());
            return new PresignedUrl(method.name(), url, key, now.plus(expiry));
        } catch (Exception e) {
            throw new ObjectStoreException("cannot sign a " + method + " URL for " + key, e);
        }
    }

    /** Whether the object exists. */
    public boolean exists(String key) {
        try {
            client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
            return true;
        } catch (ErrorResponseException e) {
            if (e.response() != null && e.response().code() == 404) {
                return false;
            }
            throw new ObjectStoreException("cannot look up " + key, e);
        } catch (Exception e) {
            throw new ObjectStoreException("cannot look up " + key, e);
        }
    }

    /** The highest global version stored for the session, by listing its global prefix. */
    public OptionalLong highestStoredGlobalVersion(String sessionId) {
        String prefix = ObjectKeys.globalPrefix(sessionId);
        long highest = -1;
        try {
            for (Result<Item> result : client.listObjects(
                    ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(false).build())) {
                Item item = result.get();
                if (item.isDir()) {
                    continue;
                }
                OptionalLong version = ObjectKeys.globalVersionOf(sessionId, item.objectName());
                if (version.isPresent() && version.getAsLong() > highest) {
                    highest = version.getAsLong();
                }
            }
        } catch (Exception e) {
            throw new ObjectStoreException("cannot list " + prefix, e);
        }
        return highest < 0 ? OptionalLong.empty() : OptionalLong.of(highest);
    }

    @Override
    public void close() throws Exception {
        // An unclosed MinIO client keeps OkHttp's threads, and the JVM, alive for about a minute.
        if (signer != client) {
            signer.close();
        }
        client.close();
    }
}
