package io.asyn2f.registry.token;

import java.security.Principal;

import jakarta.validation.Valid;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import io.asyn2f.api.registry.RefreshRequest;
import io.asyn2f.api.registry.TokenResponse;
import io.asyn2f.registry.worker.WorkerService;

/** Refreshing worker tokens and issuing service tokens. */
@RestController
class TokenController {

    private final WorkerService workers;
    private final TokenIssuer issuer;
    private final Counter serviceTokens;

    TokenController(WorkerService workers, TokenIssuer issuer, MeterRegistry registry) {
        this.workers = workers;
        this.issuer = issuer;
        this.serviceTokens = Counter.builder("asyn2f.registry.tokens.service")
                .description("Service tokens issued").register(registry);
    }

    /** Open endpoint: the refresh credential in the body is the authentication. */
    @PostMapping("/api/v1/tokens/refresh")
    TokenResponse refresh(@Valid @RequestBody RefreshRequest request) {
        return workers.refresh(request.workerId(), request.refreshToken());
    }

    /** HTTP Basic with a service client's name and secret. */
    @PostMapping("/api/v1/tokens/service")
    TokenResponse service(Principal client) {
        IssuedToken token = issuer.issueServiceToken(client.getName());
        serviceTokens.increment();
        return new TokenResponse(token.value(), "Bearer", token.expiresAt(), issuer.accessTokenTtl().toSeconds(),
                null, null);
    }
}
