package io.asyn2f.aggregator.storage;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.asyn2f.s3.S3Clients;
import io.asyn2f.s3.S3Properties;
import io.minio.MinioClient;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(S3Properties.class)
class StorageConfig {

    /**
     * Closed with the context: an unclosed MinIO client keeps the JVM alive for about a minute. Its call timeout
     * bounds a whole request, so a write cannot outlast the session lease it was begun under.
     */
    @Bean(destroyMethod = "close")
    MinioClient minioClient(S3Properties properties) {
        return S3Clients.client(properties);
    }
}
