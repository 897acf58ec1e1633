package io.asyn2f.worker.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import io.asyn2f.web.PrometheusConventions;
import io.asyn2f.worker.metrics.WorkerMetrics;
import io.asyn2f.worker.session.WorkerProperties;
import io.asyn2f.worker.session.WorkerRunner;
import io.micrometer.core.instrument.MeterRegistry;

/** Metrics always; the session runner only with {@code asyn2f.worker.enabled=true}, on its own thread. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WorkerProperties.class)
@Import(PrometheusConventions.class) // metric names and HELP texts promtool accepts
class WorkerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(WorkerConfiguration.class);

    @Bean
    WorkerMetrics workerMetrics(MeterRegistry registry) {
        return new WorkerMetrics(registry);
    }

    /**
     * Joins the session on its own thread. When the session stops the process exits with 0; a fatal error (such as a
     * revoked credential) is logged with its reason and the process exits with 1, so a Kubernetes Job sees the
     * outcome.
     */
    @Bean
    SmartLifecycle workerSession(WorkerProperties properties, WorkerMetrics metrics,
            ConfigurableApplicationContext context) {
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
                    int exitCode = 0;
                    try {
                        runner.run();
                        log.info("session ended: exiting");
                    } catch (Exception e) {
                        log.error("worker failed: {}", e.getMessage(), e);
                        exitCode = 1;
                    } finally {
                        runner.close();
                    }
                    int code = exitCode;
                    System.exit(SpringApplication.exit(context, () -> code));
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
