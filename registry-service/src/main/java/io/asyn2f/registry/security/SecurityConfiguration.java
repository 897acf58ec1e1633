package io.asyn2f.registry.security;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;

import io.asyn2f.api.security.TokenClaims;
import io.asyn2f.registry.config.RegistryProperties;
import io.asyn2f.registry.token.SigningKey;
import io.asyn2f.web.ApiDocsSecurity;
import io.asyn2f.web.BasicLoginAttempts;
import io.asyn2f.web.BasicLoginThrottle;
import io.asyn2f.web.VerifiedTokenCache;

/**
 * Who may call what:
 * <ul>
 *   <li>open: health/prometheus/info, JWKS, token refresh (the refresh credential is the authentication), and the
 *       OpenAPI document and Swagger UI when {@code asyn2f.api-docs.enabled} (otherwise they need a token like any
 *       other path);</li>
 *   <li>admin API: HTTP Basic with the admin credentials;</li>
 *   <li>service tokens: HTTP Basic with a service client's name and secret;</li>
 *   <li>both HTTP Basic chains limit failed logins per address and per name ({@link BasicLoginThrottle});</li>
 *   <li>registration: open to the filter chain, limited per address and per credential
 *       ({@link RegistrationThrottle}); the enrollment token (or, in the development mode, the shared secret) is
 *       checked by the registration itself, in the transaction that takes the token's seat;</li>
 *   <li>everything else: an access token signed by this registry (ES256 only, issuer and audience checked);
 *       heartbeats need a worker role, revocations the service role.</li>
 * </ul>
 * Refusals are problem details. Sessions are stateless and CSRF protection is off (no cookies are used).
 */
@Configuration(proxyBeanMethods = false)
@Import(ApiDocsSecurity.class)
class SecurityConfiguration {

    private static final String ROLE_ADMIN = "ROLE_ADMIN";
    private static final String ROLE_SERVICE_CLIENT = "ROLE_SERVICE_CLIENT";

    @Bean
    JwtDecoder jwtDecoder(SigningKey signingKey) {
        // Our own public key, in memory: no HTTP round trip to ourselves. ES256 only, so 'none' or HS256 fail.
        NimbusJwtDecoder decoder = NimbusJwtDecoder
                .withJwkSource(new ImmutableJWKSet<SecurityContext>(signingKey.publicJwkSet()))
                .jwsAlgorithm(SignatureAlgorithm.ES256)
                .build();
        OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                aud -> aud != null && aud.contains(TokenClaims.AUDIENCE));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(TokenClaims.ISSUER), audience));
        // A worker's heartbeats carry the same token for minutes: its signature is checked once.
        return new VerifiedTokenCache(decoder);
    }

    @Bean
    @Order(1)
    SecurityFilterChain openEndpoints(HttpSecurity http) throws Exception {
        http.securityMatcher("/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/actuator/info",
                        "/.well-known/jwks.json", "/api/v1/tokens/refresh", "/error")
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
        return stateless(http).build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain adminApi(HttpSecurity http, RegistryProperties properties) throws Exception {
        RegistryProperties.Admin admin = properties.admin();
        http.securityMatcher("/api/v1/admin/**")
                .authenticationManager(new ProviderManager(new StaticCredentialsAuthenticationProvider(
                        Map.of(admin.username(), admin.password()), ROLE_ADMIN)))
                .addFilterBefore(loginThrottle(admin), BasicAuthenticationFilter.class)
                .httpBasic(basic -> basic.authenticationEntryPoint(ProblemSecurityHandlers.basicEntryPoint()))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(ProblemSecurityHandlers.basicEntryPoint())
                        .accessDeniedHandler(ProblemSecurityHandlers.accessDeniedHandler()))
                .authorizeHttpRequests(auth -> auth.anyRequest().hasAuthority(ROLE_ADMIN));
        return stateless(http).build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain serviceTokens(HttpSecurity http, RegistryProperties properties) throws Exception {
        Map<String, String> secrets = properties.serviceClients().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().secret()));
        http.securityMatcher("/api/v1/tokens/service")
                .authenticationManager(new ProviderManager(
                        new StaticCredentialsAuthenticationProvider(secrets, ROLE_SERVICE_CLIENT)))
                .addFilterBefore(loginThrottle(properties.admin()), BasicAuthenticationFilter.class)
                .httpBasic(basic -> basic.authenticationEntryPoint(ProblemSecurityHandlers.basicEntryPoint()))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(ProblemSecurityHandlers.basicEntryPoint())
                        .accessDeniedHandler(ProblemSecurityHandlers.accessDeniedHandler()))
                .authorizeHttpRequests(auth -> auth.anyRequest().hasAuthority(ROLE_SERVICE_CLIENT));
        return stateless(http).build();
    }

    @Bean
    @Order(4)
    SecurityFilterChain enrollment(HttpSecurity http, RegistryProperties properties) throws Exception {
        http.securityMatcher("/api/v1/sessions/**")
                .addFilterBefore(new RegistrationThrottle(properties.enrollment(), Clock.systemUTC()),
                        BasicAuthenticationFilter.class)
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(ProblemSecurityHandlers.enrollmentEntryPoint())
                        .accessDeniedHandler(ProblemSecurityHandlers.accessDeniedHandler()))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(HttpMethod.POST, "/api/v1/sessions/*/workers").permitAll()
                        .anyRequest().denyAll());
        return stateless(http).build();
    }

    @Bean
    @Order(5)
    SecurityFilterChain tokenProtected(HttpSecurity http, JwtDecoder jwtDecoder) throws Exception {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName(TokenClaims.ROLE);
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(roles);
        http.oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.decoder(jwtDecoder).jwtAuthenticationConverter(converter))
                        .authenticationEntryPoint(ProblemSecurityHandlers.bearerEntryPoint())
                        .accessDeniedHandler(ProblemSecurityHandlers.accessDeniedHandler()))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(ProblemSecurityHandlers.bearerEntryPoint())
                        .accessDeniedHandler(ProblemSecurityHandlers.accessDeniedHandler()))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(HttpMethod.POST, "/api/v1/workers/*/heartbeat")
                        .hasAnyRole(TokenClaims.ROLE_TRAINER, TokenClaims.ROLE_TESTER)
                        .requestMatchers(HttpMethod.GET, "/api/v1/revocations").hasRole(TokenClaims.ROLE_SERVICE)
                        .anyRequest().authenticated());
        return stateless(http).build();
    }

    private static HttpSecurity stateless(HttpSecurity http) throws Exception {
        return http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .anonymous(Customizer.withDefaults());
    }

    /** Each HTTP Basic chain counts its own failed logins, per client address and per name. */
    private static BasicLoginThrottle loginThrottle(RegistryProperties.Admin admin) {
        return new BasicLoginThrottle(
                new BasicLoginAttempts(admin.maxFailedAttempts(), admin.failureWindow(), Clock.systemUTC()),
                "too many failed logins from this address or for this name",
                (request, response, detail) -> ProblemSecurityHandlers.write(request, response,
                        HttpStatus.TOO_MANY_REQUESTS, detail));
    }
}
