package io.asyn2f.registry.worker;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import io.asyn2f.web.ApiDocs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Heartbeats, authenticated by the worker's own access token. */
@RestController
@Tag(name = "workers")
class HeartbeatController {

    private final WorkerService workers;

    HeartbeatController(WorkerService workers) {
        this.workers = workers;
    }

    @Operation(operationId = "heartbeat", summary = "A worker says it is alive",
            description = "No body. A LOST worker becomes ACTIVE again. Send every heartbeat.intervalSeconds of the "
                    + "registration answer.",
            security = @SecurityRequirement(name = ApiDocs.BEARER_TOKEN))
    @ApiResponse(responseCode = "200", description = "the worker's state after the heartbeat", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "403", description = "the token is another worker's or no worker's; the worker is "
            + "revoked")
    @ApiResponse(responseCode = "404", description = "no such worker")
    @PostMapping("/api/v1/workers/{workerId}/heartbeat")
    HeartbeatResponse heartbeat(@PathVariable String workerId,
            @Parameter(hidden = true) @AuthenticationPrincipal Jwt token) {
        return workers.heartbeat(workerId, token.getSubject());
    }
}
