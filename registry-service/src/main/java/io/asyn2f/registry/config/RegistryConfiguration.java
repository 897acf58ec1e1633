package io.asyn2f.registry.config;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RegistryProperties.class)
@EnableScheduling
class RegistryConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
