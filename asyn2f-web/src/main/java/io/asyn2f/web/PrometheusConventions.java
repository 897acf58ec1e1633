package io.asyn2f.web;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Map;
import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

/**
 * Makes every meter of a service one that {@code promtool check metrics} accepts (the IT contract checks it), without
 * touching the asyn2f meters, which already are:
 * <ul>
 *   <li>a HELP text for the meters Spring Boot, Spring AMQP and Tomcat register without a description
 *       ({@code http.server.requests}, {@code rabbitmq.*}, {@code tomcat.sessions.*}; any other gets its name in
 *       words);</li>
 *   <li>Prometheus wants base units, which Micrometer's {@code jvm.compilation.time} (milliseconds) and
 *       {@code process.cpu.time} (nanoseconds) are not: both are exported in seconds instead, read from the same
 *       MXBeans;</li>
 *   <li>{@code system.cpu.count}, a gauge whose {@code _count} suffix Prometheus reserves for histograms and
 *       summaries, is exported as {@code system.cpu.processors}.</li>
 * </ul>
 * Import it into the service's configuration; Spring Boot applies MeterFilter beans to its registries.
 */
@Configuration(proxyBeanMethods = false)
public class PrometheusConventions {

    static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry("http.server.requests", "HTTP requests this service answered, by method, URI, status and outcome"),
            Map.entry("http.server.requests.active", "HTTP requests this service is answering now"),
            Map.entry("rabbitmq.connections", "Open AMQP connections"),
            Map.entry("rabbitmq.channels", "Open AMQP channels"),
            Map.entry("rabbitmq.published", "Messages published"),
            Map.entry("rabbitmq.acknowledged_published", "Published messages the broker confirmed"),
            Map.entry("rabbitmq.not_acknowledged_published", "Published messages the broker refused (nack)"),
            Map.entry("rabbitmq.failed_to_publish", "Messages that could not be published"),
            Map.entry("rabbitmq.unrouted_published", "Published messages the broker could not route to any queue"),
            Map.entry("rabbitmq.consumed", "Messages delivered to this service's consumers"),
            Map.entry("rabbitmq.acknowledged", "Deliveries this service acknowledged"),
            Map.entry("rabbitmq.rejected", "Deliveries this service rejected"),
            Map.entry("rabbitmq.requeued", "Deliveries this service sent back to their queue"),
            Map.entry("tomcat.sessions.active.current", "HTTP sessions open now (the services keep none)"),
            Map.entry("tomcat.sessions.active.max", "Most HTTP sessions open at once"),
            Map.entry("tomcat.sessions.alive.max", "Longest time an expired HTTP session was alive"),
            Map.entry("tomcat.sessions.created", "HTTP sessions created"),
            Map.entry("tomcat.sessions.expired", "HTTP sessions expired"),
            Map.entry("tomcat.sessions.rejected", "HTTP sessions refused because the maximum was reached"));

    /** Micrometer's meters in units other than seconds; {@link #timesInSeconds()} exports them in seconds. */
    static final Set<String> NOT_IN_SECONDS = Set.of("ms", "ns", "us");

    static final Map<String, String> RENAMED = Map.of("system.cpu.count", "system.cpu.processors");

    @Bean
    MeterFilter prometheusConventions() {
        return filter();
    }

    @Bean
    MeterBinder timesInSeconds() {
        return registry -> {
            CompilationMXBean compilation = ManagementFactory.getCompilationMXBean();
            if (compilation != null && compilation.isCompilationTimeMonitoringSupported()) {
                FunctionCounter.builder("jvm.compilation.time", compilation,
                                bean -> bean.getTotalCompilationTime() / 1_000.0)
                        .description("The approximate accumulated elapsed time spent in compilation")
                        .tag("compiler", compilation.getName())
                        .baseUnit("seconds")
                        .register(registry);
            }
            OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
            if (os instanceof com.sun.management.OperatingSystemMXBean process && process.getProcessCpuTime() >= 0) {
                FunctionCounter.builder("process.cpu.time", process, bean -> bean.getProcessCpuTime() / 1e9)
                        .description("The CPU time used by the Java virtual machine process")
                        .baseUnit("seconds")
                        .register(registry);
            }
        };
    }

    /** The filter itself, for a registry outside a Spring context. */
    public static MeterFilter filter() {
        return new MeterFilter() {
            @Override
            public MeterFilterReply accept(Meter.Id id) {
                return id.getBaseUnit() != null && NOT_IN_SECONDS.contains(id.getBaseUnit())
                        && (id.getName().equals("jvm.compilation.time") || id.getName().equals("process.cpu.time"))
                        ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
            }

            @Override
            public Meter.Id map(Meter.Id id) {
                String name = RENAMED.getOrDefault(id.getName(), id.getName());
                String description = id.getDescription();
                if (description == null || description.isBlank()) {
                    description = DESCRIPTIONS.getOrDefault(id.getName(), inWords(id.getName()));
                }
                if (name.equals(id.getName()) && description.equals(id.getDescription())) {
                    return id;
                }
                return new Meter.Id(name, Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), description,
                        id.getType());
            }
        };
    }

    /** {@code jvm.threads.started} as "Jvm threads started": a HELP line, where the meter brings none. */
    private static String inWords(String name) {
        String words = name.replace('.', ' ').replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
