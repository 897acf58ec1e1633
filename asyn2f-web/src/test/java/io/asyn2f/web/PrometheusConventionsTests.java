package io.asyn2f.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class PrometheusConventionsTests {

    private final MeterRegistry registry = registry();

    private static MeterRegistry registry() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(PrometheusConventions.filter());
        return registry;
    }

    @Test
    void shouldGiveMetersWithoutDescriptionAHelpText() {
        Counter.builder("rabbitmq.published").register(registry);
        Counter.builder("something.else.entirely").register(registry);

        assertThat(registry.get("rabbitmq.published").counter().getId().getDescription())
                .isEqualTo("Messages published");
        assertThat(registry.get("something.else.entirely").counter().getId().getDescription())
                .isEqualTo("Something else entirely");
    }

    @Test
    void shouldKeepDescriptionsMetersBring() {
        Counter.builder("asyn2f.registry.heartbeats").description("heartbeats accepted").register(registry);

        assertThat(registry.get("asyn2f.registry.heartbeats").counter().getId().getDescription())
                .isEqualTo("heartbeats accepted");
    }

    @Test
    void shouldRenameTheCpuCountGauge() {
        Gauge.builder("system.cpu.count", () -> 4).register(registry);

        assertThat(registry.find("system.cpu.count").gauge()).isNull();
        assertThat(registry.get("system.cpu.processors").gauge().value()).isEqualTo(4);
    }

    @Test
    void shouldExportTimesInSecondsOnly() {
        FunctionCounter.builder("jvm.compilation.time", this, any -> 1500).baseUnit("ms").register(registry);
        FunctionCounter.builder("process.cpu.time", this, any -> 2e9).baseUnit("ns").register(registry);
        new PrometheusConventions().timesInSeconds().bindTo(registry);

        FunctionCounter compilation = registry.get("jvm.compilation.time").functionCounter();
        assertThat(compilation.getId().getBaseUnit()).isEqualTo("seconds");
        FunctionCounter cpu = registry.get("process.cpu.time").functionCounter();
        assertThat(cpu.getId().getBaseUnit()).isEqualTo("seconds");
        assertThat(registry.find("process.cpu.time").functionCounters()).hasSize(1);
    }
}
