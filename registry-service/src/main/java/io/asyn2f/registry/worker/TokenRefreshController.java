package io.asyn2f.registry.worker;

import jakarta.validation.Valid;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import io.asyn2f.api.registry.RefreshRequest;
import io.asyn2f.api.registry.TokenResponse;

/** Refreshing a worker's access token; part of the worker's lifecycle, so it lives beside registration. */
@RestController
@Tag(name = "workers")
class TokenRefreshController {

    private final WorkerService workers;

    TokenRefreshController(WorkerService workers) {
        this.workers = workers;
    }

    /** Open endpoint: the refresh credential in the body is the authentication. */
    @Operation(operationId = "refreshWorkerToken", summary = "A new access token for a worker's refresh credential",
            description = "No Authorization header: the body is the credential. The refresh credential is rotated: "
                    + "the presented one stops working, the answer carries the next.",
            security = {},
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
                    @ExampleObject(name = "refresh", value = """
                            {"workerId": "w-5f0c8e1d2b7a4c2e9a51f3f1a0b9c7d2", "refreshToken": "q3Jx..."}"""))))
    @ApiResponse(responseCode = "200", description = "a new access token and the next refresh credential", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", description = "an invalid body")
    @ApiResponse(responseCode = "401", description = "unknown worker, wrong or expired refresh credential")
    @ApiResponse(responseCode = "403", description = "the worker is revoked")
    @PostMapping("/api/v1/tokens/refresh")
    TokenResponse refresh(@Valid @RequestBody RefreshRequest request) {
        return workers.refresh(request.workerId(), request.refreshToken());
    }
}
