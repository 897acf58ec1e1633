package io.asyn2f.testing;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An S3-compatible server (S3Proxy) inside this JVM, storing objects in a temporary directory, bound to
 * 127.0.0.1 on an ephemeral port and checking AWS V2 and V4 signatures (so presigned URLs are verified).
 * Usable on its own or through {@link TestInfrastructure}.
 */
public final class EmbeddedS3 implements AutoCloseable {

    public static final String ACCESS_KEY = "asyn2f-test-access";
    public static final String SECRET_KEY = "asyn2f-test-secret-key";
    public static final String REGION = "us-east-1";
    private static final String HOST = "127.0.0.1";

    private final S3Proxy proxy;
    private final Path storageDirectory;

    private EmbeddedS3(S3Proxy proxy, Path storageDirectory) {
        this.proxy = proxy;
        this.storageDirectory = storageDirectory;
    }

    public static EmbeddedS3 start() {
        QuietLogging.apply();
        Path storageDirectory = null;
        try {
            // On disk rather than in memory: model files can be large.
            storageDirectory = Files.createTempDirectory("asyn2f-s3-");
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(new FilesystemNio2BlobStore(storageDirectory.toString()))
                    .endpoint(URI.create("http://" + HOST + ":0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .build();
            proxy.start();
            if (!"STARTED".equals(proxy.getState())) {
                proxy.stop();
                throw new IllegalStateException("S3Proxy state after start: " + proxy.getState());
            }
            return new EmbeddedS3(proxy, storageDirectory);
        } catch (Exception | LinkageError e) {
            TemporaryDirectories.delete(storageDirectory);
            throw new IllegalStateException("Cannot start embedded S3Proxy", e);
        }
    }

    public int port() {
        return proxy.getPort();
    }

    public S3Endpoint endpoint() {
        return new S3Endpoint("http://" + HOST + ":" + port(), ACCESS_KEY, SECRET_KEY, REGION, Source.EMBEDDED);
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot stop embedded S3Proxy", e);
        } finally {
            TemporaryDirectories.delete(storageDirectory);
        }
    }
}
