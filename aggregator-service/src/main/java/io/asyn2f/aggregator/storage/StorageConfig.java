package io.asyn2f.aggregator.storage;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.minio.MinioClient;

@Configuration(proxyBeanMethods = false)
class StorageConfig {

    /** Closed with the context: an unclosed MinIO client keeps the JVM alive for about a minute. */
    @Bean(destroyMethod = "close")
    MinioClient minioClient(S3Properties properties) {
        return MinioClient.builder().endpoint(properties.endpoint())
                .credentials(properties.accessKey(), properties.secretKey())
                .region(properties.region()).build();
    }
}
