package io.asyn2f.testing.spring;

import io.asyn2f.testing.S3Endpoint;
import io.asyn2f.testing.TestInfrastructure;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * Sets {@code asyn2f.s3.endpoint}, {@code asyn2f.s3.access-key}, {@code asyn2f.s3.secret-key} and
 * {@code asyn2f.s3.region} to the environment's S3 store or the embedded S3Proxy (there is no container path).
 */
@TestConfiguration(proxyBeanMethods = false)
public class S3TestConfiguration {

    @Bean
    DynamicPropertyRegistrar asyn2fS3Properties() {
        S3Endpoint store = TestInfrastructure.s3();
        return registry -> {
            registry.add("asyn2f.s3.endpoint", store::endpointUrl);
            registry.add("asyn2f.s3.access-key", store::accessKey);
            registry.add("asyn2f.s3.secret-key", store::secretKey);
            registry.add("asyn2f.s3.region", store::region);
        };
    }
}
