package io.asyn2f.s3;

import io.minio.MinioClient;
import okhttp3.OkHttpClient;

/** MinIO clients built from {@link S3Properties}: the same credentials and region, one call timeout for all calls. */
public final class S3Clients {

    private S3Clients() {
    }

    /**
     * A client for the store at {@code endpoint}; every call, a whole blob read or write included, is abandoned after
     * {@code callTimeout}. (Presigned URLs for workers come from {@link QueryPresigner}.)
     */
    public static MinioClient client(S3Properties properties) {
        OkHttpClient http = new OkHttpClient.Builder().callTimeout(properties.callTimeout()).build();
        return MinioClient.builder().endpoint(properties.endpoint().toString()).httpClient(http, true)
                .credentials(properties.accessKey(), properties.secretKey())
                .region(properties.region()).build();
    }
}
