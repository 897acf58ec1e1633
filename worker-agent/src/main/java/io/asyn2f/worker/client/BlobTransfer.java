package io.asyn2f.worker.client;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.asyn2f.api.model.ModelBlob;
import io.asyn2f.api.model.ModelBlobReader;
import io.asyn2f.api.storage.PresignedUrl;

/**
 * Moves model blobs with presigned URLs, straight to and from the object store. Uploads stream the blob with a fixed
 * length; downloads are verified by {@link ModelBlobReader} while they stream, so a wrong, oversized or corrupt blob
 * is refused without being buffered whole.
 */
public class BlobTransfer {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final HttpClient http;

    public BlobTransfer(HttpClient http) {
        this.http = http;
    }

    /** PUTs {@code blob} to a presigned URL; returns the bytes sent. */
    public long upload(PresignedUrl target, byte[] blob) throws IOException {
        if (!"PUT".equalsIgnoreCase(target.method())) {
            throw new IllegalArgumentException("upload needs a PUT URL, got " + target.method());
        }
        String declared = target.headers().get("Content-Length");
        if (declared != null && Long.parseLong(declared) != blob.length) {
            throw new IllegalArgumentException("the URL for " + target.objectKey() + " is signed for " + declared
                    + " bytes, the blob has " + blob.length);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(target.url()).timeout(TIMEOUT)
                .header("Content-Type", "application/octet-stream")
                // A fixed length: the client sends it as Content-Length, which the URL's signature covers.
                .PUT(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(blob)), blob.length));
        target.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Content-Length")) { // restricted: set from the body above
                builder.header(name, value);
            }
        });
        HttpRequest request = builder.build();
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString(), target);
        if (response.statusCode() / 100 != 2) {
            throw new ApiException("PUT " + target.objectKey(), response.statusCode(), response.body());
        }
        return blob.length;
    }

    /** GETs a blob from a presigned URL and reads it with {@code reader}: the blob, the bytes read, their sha-256. */
    public Download download(PresignedUrl source, ModelBlobReader reader) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(source.url()).timeout(TIMEOUT).GET().build();
        HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream(), source);
        try (CountingInputStream in = new CountingInputStream(response.body())) {
            if (response.statusCode() / 100 != 2) {
                throw new ApiException("GET " + source.objectKey(), response.statusCode(),
                        new String(in.readNBytes(2000), java.nio.charset.StandardCharsets.UTF_8));
            }
            java.security.MessageDigest digest = sha256();
            ModelBlob blob = reader.read(new java.security.DigestInputStream(in, digest));
            return new Download(blob, in.count, java.util.HexFormat.of().formatHex(digest.digest()));
        }
    }

    /** A verified blob, how many bytes it took and the sha-256 of those bytes (the whole blob). */
    public record Download(ModelBlob blob, long bytes, String sha256Hex) {
    }

    private static java.security.MessageDigest sha256() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, PresignedUrl url)
            throws IOException {
        try {
            return http.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(request.method() + " " + url.objectKey() + " interrupted", e);
        }
    }

    private static final class CountingInputStream extends FilterInputStream {

        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
