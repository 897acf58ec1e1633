package io.asyn2f.registry.admin;

import java.util.List;

import jakarta.validation.Valid;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.asyn2f.web.ApiDocs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import io.asyn2f.registry.worker.WorkerService;
import io.asyn2f.registry.worker.WorkerState;
import io.asyn2f.registry.worker.WorkerView;

/** Operators' view of workers (HTTP Basic, admin credentials). */
@RestController
@RequestMapping("/api/v1/admin/workers")
@Tag(name = "admin: workers", description = "Operators list and revoke workers")
@SecurityRequirement(name = ApiDocs.ADMIN_BASIC)
class AdminController {

    private final WorkerService workers;

    AdminController(WorkerService workers) {
        this.workers = workers;
    }

    @Operation(operationId = "listWorkers", summary = "Workers, optionally of one session and in one state")
    @ApiResponse(responseCode = "200", description = "the workers, without credential material", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", description = "an unknown state")
    @GetMapping
    List<WorkerView> list(@Parameter(description = "only this session's") @RequestParam(required = false)
            String sessionId, @Parameter(description = "only workers in this state") @RequestParam(required = false)
            WorkerState state) {
        return workers.list(sessionId, state);
    }

    @Operation(operationId = "getWorker", summary = "One worker")
    @ApiResponse(responseCode = "200", description = "the worker", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "no such worker")
    @GetMapping("/{workerId}")
    WorkerView find(@PathVariable String workerId) {
        return workers.find(workerId);
    }

    @Operation(operationId = "revokeWorker", summary = "Revoke a worker for good",
            description = "Idempotent. Publishes worker.revoked: the other services refuse its tokens, its broker "
                    + "user and queue are removed.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
                    @ExampleObject(name = "revoke", value = "{\"reason\": \"poisoned updates\"}"))))
    @ApiResponse(responseCode = "200", description = "the worker, now REVOKED", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", description = "no reason, or one over 500 characters")
    @ApiResponse(responseCode = "404", description = "no such worker")
    @PostMapping("/{workerId}/revoke")
    WorkerView revoke(@PathVariable String workerId, @Valid @RequestBody RevokeRequest request) {
        return workers.revoke(workerId, request.reason());
    }
}
