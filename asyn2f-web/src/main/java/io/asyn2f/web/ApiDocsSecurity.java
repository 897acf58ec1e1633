package io.asyn2f.web;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The first security chain of a service whose documents are on ({@value ApiDocs#ENABLED_PROPERTY}): the
 * documentation paths without credentials ({@link ApiDocs#permitDocumentation}). A service's security configuration
 * imports it; its own chains come after.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(ApiDocs.ENABLED_PROPERTY)
public class ApiDocsSecurity {

    @Bean
    @Order(0)
    SecurityFilterChain apiDocsChain(HttpSecurity http) throws Exception {
        return ApiDocs.permitDocumentation(http);
    }
}
