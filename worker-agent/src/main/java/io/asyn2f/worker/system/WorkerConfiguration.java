package io.asyn2f.worker.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.MeterRegistry;
import io.asyn2f.worker.session.WorkerProperties;
import io.asyn2f.worker.session.WorkerRunner;

/** Metrics always; the session runner only with {@code asyn2f.worker.enabled=true}, on its own thread. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WorkerProperties.class)
class WorkerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(WorkerConfiguration.class);

    @Bean
    WorkerMetrics workerMetrics(MeterRegistry registry) {
        return new WorkerMetrics(registry);
    }

    @Bean
    SmartLifecycle workerSession(WorkerProperties properties, WorkerMetrics metrics) {
        return new SmartLifecycle() {
            private volatile WorkerRunner runner;
            private volatile Thread thread;

            @Override
            public void start() {
                if (!properties.enabled()) {
                    log.info("asyn2f.worker.enabled is false: not joining a session");
                    return;
                }
                runner = new WorkerRunner(properties, metrics);
                thread = new Thread(() -> {
                    try {
                        runner.run();
                    } catch (Exception e) {
                        log.error("worker failed", e);
                    } finally {
                        runner.close();
                    }
                }, "worker-session");
                thread.start();
            }

            @Override
            public void stop() {
                if (runner != null) {
                    runner.close();
                }
                thread = null;
            }

            @Override
            public boolean isRunning() {
                return thread != null && thread.isAlive();
            }
        };
    }
}
