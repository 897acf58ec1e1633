package io.asyn2f.aggregator.storage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.springframework.stereotype.Component;

import io.asyn2f.api.model.ArchitectureFingerprint;
import io.asyn2f.api.model.BlobKind;
import io.asyn2f.api.model.BlobSummary;
import io.asyn2f.api.model.ModelBlob;
import io.asyn2f.api.model.ModelBlobFormat;
import io.asyn2f.api.model.ModelBlobReader;
import io.asyn2f.api.model.ModelBlobWriter;
import io.asyn2f.s3.S3Properties;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.errors.ErrorResponseException;

/**
 * Model blobs in the object store, read and written directly with the aggregator's own credentials. Reads verify
 * the blob format and compute the sha-256 of the whole object while streaming it. The bucket is created before the
 * first write, not at start-up: the aggregator starts (and resumes its sessions from PostgreSQL) while the store is
 * unreachable, and a write during an outage fails like any other store call, to be retried.
 */
@Component
public class ModelStore {

    /** {@code expectedSize} of a read that takes the object whatever its size. */
    private static final long ANY_SIZE = -1;

    private final MinioClient client;
    private final String bucket;
    private final String region;
    private volatile boolean bucketReady;

    ModelStore(MinioClient client, S3Properties properties) {
        this.client = client;
        this.bucket = properties.bucket();
        this.region = properties.region();
    }

    private void ensureBucket() {
        if (bucketReady) {
            return;
        }
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).region(region).build());
            }
        } catch (ErrorResponseException e) {
            String code = e.errorResponse().code();
            if (!"BucketAlreadyOwnedByYou".equals(code) && !"BucketAlreadyExists".equals(code)) {
                throw new StoreException("cannot create bucket " + bucket, e);
            }
        } catch (Exception e) {
            throw new StoreException("cannot reach bucket " + bucket, e);
        }
        bucketReady = true;
    }

    /** Writes a weights blob under {@code key} and returns its size and sha-256. */
    public BlobSummary writeModel(String key, ArchitectureFingerprint architecture, float[] parameters) {
        ensureBucket();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(
                (int) Math.min(Integer.MAX_VALUE - 8, ModelBlobFormat.blobSize(parameters.length)));
        BlobSummary summary;
        try {
            summary = ModelBlobWriter.write(buffer, BlobKind.WEIGHTS, architecture, parameters);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (InputStream in = new ByteArrayInputStream(buffer.toByteArray())) {
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                    .stream(in, summary.sizeBytes(), -1).contentType("application/octet-stream").build());
        } catch (Exception e) {
            throw new StoreException("cannot write " + key, e);
        }
        return summary;
    }

    /** Removes the object (nothing happens if it does not exist). */
    public void delete(String key) {
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (Exception e) {
            throw new StoreException("cannot delete " + key, e);
        }
    }

    /**
     * Reads and verifies a blob, computing the sha-256 of every byte of the object.
     *
     * @throws io.asyn2f.api.model.ModelFormatException if the blob is refused by {@code reader}
     * @throws MissingObjectException if there is no such object
     */
    public VerifiedBlob read(String key, ModelBlobReader reader) throws IOException {
        return read(key, reader, ANY_SIZE);
    }


    /**
     * Reads and verifies a blob that should have {@code expectedSize} bytes, in one request: the size the store
     * answers with is checked before a byte is read.
     *
     * @throws SizeMismatchException if the object has another size (nothing of it is read)
     * @throws io.asyn2f.api.model.ModelFormatException if the blob is refused by {@code reader}
     * @throws MissingObjectException if there is no such object
     */
    public VerifiedBlob read(String key, ModelBlobReader reader, long expectedSize) throws IOException {
        MessageDigest digest = sha256();
        try (GetObjectResponse object = (GetObjectResponse) open(key)) {
            String length = object.headers().get("Content-Length");
            if (expectedSize != ANY_SIZE && length != null && Long.parseLong(length) != expectedSize) {
                throw new SizeMismatchException(Long.parseLong(length));
            }
            DigestInputStream in = new DigestInputStream(object, digest);
            ModelBlob blob = reader.read(in);
            return new VerifiedBlob(blob, HexFormat.of().formatHex(digest.digest()));
        }
    }

    /** Opens an object for streaming; the caller closes the stream. */
    public InputStream open(String key) {
        try {
            return client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (ErrorResponseException e) {
            if (isMissing(e)) {
                throw new MissingObjectException(key);
            }
            throw new StoreException("cannot read " + key, e);
        } catch (Exception e) {
            throw new StoreException("cannot read " + key, e);
        }
    }

    private static boolean isMissing(ErrorResponseException e) {
        String code = e.errorResponse().code();
        return "NoSuchKey".equals(code) || "NoSuchObject".equals(code) || "NotFound".equals(code);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A verified blob and the sha-256 (hex) of the whole object as stored. */
    public record VerifiedBlob(ModelBlob blob, String sha256) {
    }

    /** The store failed (network, credentials): usually transient. */
    public static class StoreException extends RuntimeException {
        public StoreException(String message, Throwable cause) {
            super(message + ": " + cause.getMessage(), cause);
        }
    }

    /** The object's size is not the one expected. */
    public static class SizeMismatchException extends RuntimeException {
        private final long actual;

        SizeMismatchException(long actual) {
            super("the stored object has " + actual + " bytes");
            this.actual = actual;
        }

        public long actual() {
            return actual;
        }
    }

    /** The object does not exist. */
    public static class MissingObjectException extends RuntimeException {
        MissingObjectException(String key) {
            super("no object " + key);
        }
    }
}
