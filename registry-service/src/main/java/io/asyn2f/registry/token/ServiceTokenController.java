package io.asyn2f.registry.token;

import java.security.Principal;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import io.asyn2f.web.ApiDocs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import io.asyn2f.api.registry.TokenResponse;

/** Service tokens, for the other services; workers refresh theirs through {@code worker.TokenRefreshController}. */
@RestController
@Tag(name = "tokens")
class ServiceTokenController {

    private final TokenIssuer issuer;
    private final Counter serviceTokens;

    ServiceTokenController(TokenIssuer issuer, MeterRegistry registry) {
        this.issuer = issuer;
        this.serviceTokens = Counter.builder("asyn2f.registry.tokens.service")
                .description("Service tokens issued").register(registry);
    }

    /** HTTP Basic with a service client's name and secret. */
    @Operation(operationId = "issueServiceToken", summary = "An access token for a service (role service)",
            description = "No body; there is no refresh credential: ask again before expiresAt.",
            security = @SecurityRequirement(name = ApiDocs.SERVICE_CLIENT_BASIC))
    @PostMapping("/api/v1/tokens/service")
    TokenResponse service(@Parameter(hidden = true) Principal client) {
        IssuedToken token = issuer.issueServiceToken(client.getName());
        serviceTokens.increment();
        return new TokenResponse(token.value(), "Bearer", token.expiresAt(), issuer.accessTokenTtl().toSeconds(),
                null, null);
    }
}
