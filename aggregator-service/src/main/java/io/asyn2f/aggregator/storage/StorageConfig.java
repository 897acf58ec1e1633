package io.asyn2f.aggregator.storage;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.minio.MinioClient;
import okhttp3.OkHttpClient;

@Configuration(proxyBeanMethods = false)
class StorageConfig {

    /** Closed with the context: an unclosed MinIO client keeps the JVM alive for about a minute. */
    @Bean(destroyMethod = "close")
    MinioClient minioClient(S3Properties properties) {
        // A call timeout bounds a whole request, so a write cannot outlast the session lease it was begun under.
        OkHttpClient http = new OkHttpClient.Builder().callTimeout(properties.callTimeout()).build();
        return MinioClient.builder().endpoint(properties.endpoint()).httpClient(http, true)
                .credentials(properties.accessKey(), properties.secretKey())
                .region(properties.region()).build();
    }
}
