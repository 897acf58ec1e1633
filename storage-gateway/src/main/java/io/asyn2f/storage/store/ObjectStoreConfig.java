package io.asyn2f.storage.store;

import java.time.Clock;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.asyn2f.storage.config.S3Properties;

@Configuration(proxyBeanMethods = false)
class ObjectStoreConfig {

    @Bean(destroyMethod = "close")
    ObjectStore objectStore(S3Properties properties, Clock clock) {
        return new ObjectStore(properties, clock);
    }

    /**
     * Creates the bucket when the context starts, before the web server takes requests: the gateway does not start
     * until the store answers. Not while the context is created, so a refresh alone (the image's class data training
     * run, docker/cds-training.sh) reaches no store.
     */
    @Bean
    SmartLifecycle bucketAtStart(ObjectStore store) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                store.ensureBucket();
                running = true;
            }

            @Override
            public void stop() {
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                // Before the web server (SmartLifecycle phases: WebServerStartStopLifecycle starts near the top).
                return 0;
            }
        };
    }
}
