package io.asyn2f.storage.security;

import java.time.Clock;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

import io.asyn2f.api.security.TokenClaims;
import io.asyn2f.storage.config.GatewayProperties;
import io.asyn2f.storage.metrics.GatewayMetrics;
import io.asyn2f.web.ApiDocsSecurity;
import io.asyn2f.web.VerifiedTokenCache;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stateless bearer-token security. Tokens are ES256 JWTs from the registry, checked against its JWKS; any other
 * algorithm ({@code none}, HMAC, RSA) is refused. Authorization is by role and session, see {@link SessionAccess}.
 * The OpenAPI document and Swagger UI are open only with {@code asyn2f.api-docs.enabled} (a chain before this one);
 * otherwise they are denied like every path not listed.
 */
@Configuration(proxyBeanMethods = false)
@Import(ApiDocsSecurity.class)
@EnableScheduling // RevocationCatchUp reads the registry's revocation list periodically
class SecurityConfig {

    private static final String SESSION = "/api/v1/sessions/{sessionId}";

    @Bean
    RevokedWorkers revokedWorkers(GatewayProperties properties, Clock clock, MeterRegistry meterRegistry) {
        RevokedWorkers revoked = new RevokedWorkers(properties.maxTokenLifetime().plus(properties.clockSkew()), clock);
        Gauge.builder("asyn2f.gateway.revoked.workers", revoked, RevokedWorkers::size)
                .description("Revoked workers whose tokens this instance refuses")
                .register(meterRegistry);
        return revoked;
    }

    @Bean
    JwtDecoder jwtDecoder(GatewayProperties properties, Clock clock) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwksUri().toString())
                .jwsAlgorithm(SignatureAlgorithm.ES256)
                .build();
        JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockSkew());
        timestamps.setAllowEmptyExpiryClaim(false); // a token without exp would never expire
        timestamps.setClock(clock);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(
                timestamps,
                new JwtIssuerValidator(TokenClaims.ISSUER),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                        audience -> audience != null && audience.contains(TokenClaims.AUDIENCE)),
                new TokenClaimsValidator())));
        // A worker asks for URLs with the same token for minutes: its signature is checked once.
        return new VerifiedTokenCache(decoder, VerifiedTokenCache.DEFAULT_MAX_ENTRIES, java.time.Duration.ofHours(1),
                clock);
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, RevokedWorkers revokedWorkers, JsonMapper jsonMapper,
            GatewayMetrics metrics) throws Exception {
        SessionAccess access = new SessionAccess(revokedWorkers);
        ProblemSecurityHandlers problems = new ProblemSecurityHandlers(jsonMapper, metrics);
        http
                .csrf(csrf -> csrf.disable()) // bearer tokens only, no cookies
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(authorize -> authorize
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**",
                                "/actuator/prometheus", "/actuator/info").permitAll()
                        .requestMatchers(HttpMethod.POST, SESSION + "/uploads")
                                .access(access.trainerOfSession("upload a local model"))
                        .requestMatchers(HttpMethod.GET, SESSION + "/global-models/{version}")
                                .access(access.workerOfSessionOrService("read a global model"))
                        .requestMatchers(HttpMethod.POST, SESSION + "/global-models/{version}/upload")
                                .access(access.service("write a global model"))
                        .requestMatchers(HttpMethod.POST, SESSION + "/downloads")
                                .access(access.workerOfSessionOrService("read objects"))
                        .requestMatchers("/error").permitAll()
                        .anyRequest().denyAll())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> { })
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems));
        return http.build();
    }
}
