package io.asyn2f.embedded;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An S3-compatible server (S3Proxy) inside this JVM, storing objects in a temporary directory, bound to
 * 127.0.0.1 on an ephemeral port and checking AWS V2 and V4 signatures (so presigned URLs are verified).
 * Used by the test infrastructure (objects in a temporary directory) and the standalone launcher (objects in a
 * folder of the user's, kept after close).
 */
public final class EmbeddedS3 implements AutoCloseable {

    public static final String ACCESS_KEY = "asyn2f-test-access";
    public static final String SECRET_KEY = "asyn2f-test-secret-key";
    public static final String REGION = "us-east-1";
    private static final String HOST = "127.0.0.1";

    private final S3Proxy proxy;
    private final Path temporaryDirectory;

    private EmbeddedS3(S3Proxy proxy, Path temporaryDirectory) {
        this.proxy = proxy;
        this.temporaryDirectory = temporaryDirectory;
    }

    /** A store in a temporary directory, deleted on close. */
    public static EmbeddedS3 start() {
        try {
            // On disk rather than in memory: model files can be large.
            Path directory = Files.createTempDirectory("asyn2f-s3-");
            return start(directory, 0, true);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot create a directory for embedded S3Proxy", e);
        }
    }

    /** A store whose buckets are folders of {@code directory}, kept on close. */
    public static EmbeddedS3 start(Path directory) {
        return start(directory, 0, false);
    }

    /**
     * A store on {@code port} (0 for a free one) whose buckets are folders of {@code directory}, kept on close: a test
     * can stop the store and start it again on the same port and folder, to see clients ride out an outage.
     */
    public static EmbeddedS3 start(Path directory, int port) {
        return start(directory, port, false);
    }

    private static EmbeddedS3 start(Path directory, int port, boolean temporary) {
        QuietLogging.apply();
        // S3Proxy's filesystem store lists nothing when its root is a relative path (it resolves the listing prefix
        // against the root twice), so a relative folder would give a store that writes and reads but never lists.
        Path storageDirectory = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(storageDirectory);
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(new FilesystemNio2BlobStore(storageDirectory.toString()))
                    .endpoint(URI.create("http://" + HOST + ":" + port))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .build();
            proxy.start();
            if (!"STARTED".equals(proxy.getState())) {
                proxy.stop();
                throw new IllegalStateException("S3Proxy state after start: " + proxy.getState());
            }
            return new EmbeddedS3(proxy, temporary ? storageDirectory : null);
        } catch (Exception | LinkageError e) {
            if (temporary) {
                TemporaryDirectories.delete(storageDirectory);
            }
            throw new IllegalStateException("Cannot start embedded S3Proxy", e);
        }
    }

    public int port() {
        return proxy.getPort();
    }

    public String endpointUrl() {
        return "http://" + HOST + ":" + port();
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    public String region() {
        return REGION;
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot stop embedded S3Proxy", e);
        } finally {
            TemporaryDirectories.delete(temporaryDirectory);
        }
    }
}
