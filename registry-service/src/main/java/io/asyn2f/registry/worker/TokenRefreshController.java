package io.asyn2f.registry.worker;

import jakarta.validation.Valid;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.asyn2f.api.registry.RefreshRequest;
import io.asyn2f.api.registry.TokenResponse;

/** Refreshing a worker's access token; part of the worker's lifecycle, so it lives beside registration. */
@RestController
class TokenRefreshController {

    private final WorkerService workers;

    TokenRefreshController(WorkerService workers) {
        this.workers = workers;
    }

    /** Open endpoint: the refresh credential in the body is the authentication. */
    @PostMapping("/api/v1/tokens/refresh")
    TokenResponse refresh(@Valid @RequestBody RefreshRequest request) {
        return workers.refresh(request.workerId(), request.refreshToken());
    }
}
