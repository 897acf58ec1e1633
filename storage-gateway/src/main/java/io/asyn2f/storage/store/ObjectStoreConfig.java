package io.asyn2f.storage.store;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.asyn2f.storage.system.S3Properties;

@Configuration(proxyBeanMethods = false)
class ObjectStoreConfig {

    /** Creates the bucket at start: the gateway is not ready until the store answers. */
    @Bean(destroyMethod = "close")
    ObjectStore objectStore(S3Properties properties, Clock clock) {
        ObjectStore store = new ObjectStore(properties, clock);
        try {
            store.ensureBucket();
        } catch (RuntimeException e) {
            try {
                store.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        return store;
    }
}
