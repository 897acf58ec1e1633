package io.asyn2f.registry.worker;

import io.asyn2f.api.registry.RegistrationRequest;
import io.asyn2f.api.registry.RegistrationResponse;
import jakarta.validation.Valid;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.asyn2f.web.ApiDocs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Registration. A new worker presents an enrollment token of the session as {@code Authorization: Bearer <token>};
 * the token is checked, and its seat taken, in the registration's transaction ({@link WorkerService#register}).
 */
@RestController
@Tag(name = "workers", description = "Registration, token refresh and heartbeats of workers")
class RegistrationController {

    private static final String BEARER = "Bearer ";

    private final WorkerService workers;

    RegistrationController(WorkerService workers) {
        this.workers = workers;
    }

    /** 201 for a new worker, 200 for a returning one that kept its identity. */
    @Operation(operationId = "registerWorker", summary = "Register a worker in a session, or reconnect a known one",
            description = "A new worker presents an enrollment token of the session (Authorization: Bearer) and takes "
                    + "one of its seats. A returning worker adds its workerId and current refreshToken to the body: it "
                    + "keeps its id and takes no seat. Limited per client address and per credential (429).",
            security = @SecurityRequirement(name = ApiDocs.ENROLLMENT_TOKEN),
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = {
                    @ExampleObject(name = "new trainer", value = """
                            {"role": "TRAINER", "samples": 12000, "quality": 0.9,
                             "system": {"cpuCores": 8, "memoryBytes": 17179869184, "backend": "nd4j-native"}}"""),
                    @ExampleObject(name = "returning worker", value = """
                            {"role": "TRAINER", "samples": 12000, "quality": 0.9,
                             "workerId": "w-5f0c8e1d2b7a4c2e9a51f3f1a0b9c7d2", "refreshToken": "q3Jx..."}""")})))
    @ApiResponse(responseCode = "201", description = "a new worker: its id, tokens, training configuration, broker",
            useReturnTypeSchema = true)
    @ApiResponse(responseCode = "200", description = "a returning worker that kept its identity (reconnect true)",
            useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", description = "an invalid body; workerId without refreshToken or the reverse")
    @ApiResponse(responseCode = "401", description = "no or an unknown enrollment token; a wrong refresh credential")
    @ApiResponse(responseCode = "403", description = "the token is for another session, revoked or for the other "
            + "role; the worker is revoked")
    @ApiResponse(responseCode = "404", description = "no such session (development mode only)")
    @ApiResponse(responseCode = "409", description = "the session is closed, the token has no seat left, or the "
            + "worker belongs to another session")
    @ApiResponse(responseCode = "410", description = "the enrollment token expired")
    @ApiResponse(responseCode = "429", description = "too many registration requests from this address or with "
            + "this credential; Retry-After says when to try again")
    @ApiResponse(responseCode = "503", description = "the broker could not be reached to create the worker's account")
    @PostMapping("/api/v1/sessions/{sessionId}/workers")
    ResponseEntity<RegistrationResponse> register(@PathVariable String sessionId,
            @Parameter(hidden = true) // the enrollmentToken security scheme
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @Valid @RequestBody RegistrationRequest request) {
        RegistrationResponse response = workers.register(sessionId, bearer(authorization), request);
        return ResponseEntity.status(response.reconnect() ? HttpStatus.OK : HttpStatus.CREATED).body(response);
    }

    /** The credential of a Bearer header; null for none or another scheme. */
    static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return authorization.substring(BEARER.length()).trim();
    }
}
