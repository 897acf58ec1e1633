package io.asyn2f.aggregator.security;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

import io.asyn2f.aggregator.config.AggregatorProperties;
import io.asyn2f.web.ApiDocsSecurity;
import io.asyn2f.web.BasicLoginAttempts;
import io.asyn2f.web.BasicLoginThrottle;

import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API is protected by one HTTP Basic credential from configuration (required at start, compared in
 * constant time, failed logins limited per address and user name); health, info and Prometheus stay open for probes
 * and scrapers. Every refusal is an RFC 9457 problem, like every other error. The OpenAPI document and Swagger UI are
 * open only with {@code asyn2f.api-docs.enabled} (a chain before this one); otherwise they are denied like any other
 * path outside the API.
 */
@Configuration(proxyBeanMethods = false)
@Import(ApiDocsSecurity.class)
class AdminSecurityConfig {

    static final String ADMIN_ROLE = "ADMIN";

    @Bean
    SecurityFilterChain adminSecurity(HttpSecurity http, JsonMapper jsonMapper, AggregatorProperties properties,
            AuthenticationProvider adminCredentials) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .authenticationManager(new ProviderManager(adminCredentials))
                .addFilterBefore(loginThrottle(properties.admin(), jsonMapper), BasicAuthenticationFilter.class)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info",
                                "/actuator/prometheus", "/error").permitAll()
                        .requestMatchers("/api/**").hasRole(ADMIN_ROLE)
                        .anyRequest().denyAll())
                .httpBasic(basic -> basic.authenticationEntryPoint((request, response, e) -> {
                    response.setHeader("WWW-Authenticate", "Basic realm=\"asyn2f-aggregator\"");
                    writeProblem(jsonMapper, request, response, HttpStatus.UNAUTHORIZED,
                            "admin credentials are missing or wrong");
                }))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((request, response, e) -> {
                            response.setHeader("WWW-Authenticate", "Basic realm=\"asyn2f-aggregator\"");
                            writeProblem(jsonMapper, request, response, HttpStatus.UNAUTHORIZED,
                                    "admin credentials are missing or wrong");
                        })
                        .accessDeniedHandler((request, response, e) -> writeProblem(jsonMapper, request, response,
                                HttpStatus.FORBIDDEN, "this resource is not available to this principal")));
        return http.build();
    }

    /** A bean, so Boot does not add its generated default user next to it. */
    @Bean
    AuthenticationProvider adminCredentials(AggregatorProperties properties) {
        return new AdminCredentials(properties.admin());
    }

    /**
     * Failed admin logins limited per client address and per user name; a blocked one gets 429 before its credential
     * is checked.
     */
    private static BasicLoginThrottle loginThrottle(AggregatorProperties.Admin admin, JsonMapper jsonMapper) {
        return new BasicLoginThrottle(
                new BasicLoginAttempts(admin.maxFailedAttempts(), admin.failureWindow(), Clock.systemUTC()),
                "too many failed logins from this address or for this user",
                (request, response, detail) -> writeProblem(jsonMapper, request, response,
                        HttpStatus.TOO_MANY_REQUESTS, detail));
    }

    private static void writeProblem(JsonMapper jsonMapper, HttpServletRequest request, HttpServletResponse response,
            HttpStatus status, String detail) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        jsonMapper.writeValue(response.getOutputStream(), problem);
    }
}
