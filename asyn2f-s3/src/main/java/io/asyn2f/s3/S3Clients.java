package io.asyn2f.s3;

import java.net.URI;

import io.minio.MinioClient;
import okhttp3.OkHttpClient;

/** MinIO clients built from {@link S3Properties}: the same credentials and region, one call timeout for all calls. */
public final class S3Clients {

    private S3Clients() {
    }

    /** A client for the store at {@code endpoint}. */
    public static MinioClient client(S3Properties properties) {
        return client(properties, properties.endpoint());
    }

    /**
     * A client for {@code endpoint} (the gateway signs for the address workers use); every call, a whole blob read or
     * write included, is abandoned after {@code callTimeout}.
     */
    public static MinioClient client(S3Properties properties, URI endpoint) {
        OkHttpClient http = new OkHttpClient.Builder().callTimeout(properties.callTimeout()).build();
        return MinioClient.builder().endpoint(endpoint.toString()).httpClient(http, true)
                .credentials(properties.accessKey(), properties.secretKey())
                .region(properties.region()).build();
    }
}
