package io.asyn2f.registry.config;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

import io.asyn2f.web.PrometheusConventions;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RegistryProperties.class)
@EnableScheduling
@Import(PrometheusConventions.class) // metric names and HELP texts promtool accepts
class RegistryConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
