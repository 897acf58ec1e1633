package io.asyn2f.storage.store;

import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.asyn2f.api.storage.ObjectKeys;
import io.asyn2f.api.storage.PresignedUrl;
import io.asyn2f.s3.QueryPresigner;
import io.asyn2f.s3.S3Clients;
import io.asyn2f.s3.S3Properties;
import io.minio.BucketExistsArgs;
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
 * <p>A MinIO client talks to the store at {@code asyn2f.s3.endpoint}; URLs are signed locally by a
 * {@link QueryPresigner} for the address workers use ({@code asyn2f.s3.public-endpoint}, else the endpoint), without a
 * call to the store.
 */
public class ObjectStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ObjectStore.class);
    /** The S3 header carrying the base64 sha-256 of the whole body. */
    public static final String CHECKSUM_SHA256 = "x-amz-checksum-sha256";

    private final MinioClient client;
    private final QueryPresigner signer;
    private final String bucket;
    private final String region;
    private final Clock clock;

    public ObjectStore(S3Properties properties, Clock clock) {
        this.bucket = properties.bucket();
        this.region = properties.region();
        this.clock = clock;
        this.client = S3Clients.client(properties);
        this.signer = QueryPresigner.of(properties);
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
        return presign(Method.PUT, key, expiry, Map.of());
    }

    /**
     * A PUT bound to the declared size, and to the declared sha-256 when given: both go into the signature as
     * {@code Content-Length} and {@code x-amz-checksum-sha256} (SigV4 signs every header the URL's
     * {@code X-Amz-SignedHeaders} names), so a request with another length, or without the checksum header, fails
     * the store's signature check. Whether the store also compares the checksum with the body is the store's
     * business (MinIO and AWS do); the aggregator verifies every update's sha-256 anyway.
     */
    public PresignedUrl presignPut(String key, java.time.Duration expiry, long contentLength, String sha256Hex) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Length", Long.toString(contentLength));
        if (sha256Hex != null) {
            headers.put(CHECKSUM_SHA256, Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256Hex)));
        }
        return presign(Method.PUT, key, expiry, headers);
    }

    public PresignedUrl presignGet(String key, java.time.Duration expiry) {
        return presign(Method.GET, key, expiry, Map.of());
    }

    private PresignedUrl presign(Method method, String key, java.time.Duration expiry, Map<String, String> headers) {
        Instant now = clock.instant();
        try {
            return new PresignedUrl(method.name(), signer.presign(method.name(), bucket, key, now, expiry, headers),
                    key, now.plus(expiry), headers);
        } catch (RuntimeException e) {
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
        client.close();
    }
}
