package io.asyn2f.registry.enrollment;

import java.util.List;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.asyn2f.web.ApiDocs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Operators issue, list and revoke enrollment tokens (HTTP Basic, admin credentials). */
@RestController
@Tag(name = "admin: enrollment tokens", description = "Operators issue the tokens workers register with")
@SecurityRequirement(name = ApiDocs.ADMIN_BASIC)
class EnrollmentAdminController {

    private final EnrollmentService enrollment;

    EnrollmentAdminController(EnrollmentService enrollment) {
        this.enrollment = enrollment;
    }

    /** 201 with the token's secret, shown only here. */
    @Operation(operationId = "issueEnrollmentToken", summary = "Issue an enrollment token for a session",
            description = "The answer holds the token's secret, shown only here.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = {
                    @ExampleObject(name = "five trainers for four hours", value = """
                            {"maxWorkers": 5, "ttl": "PT4H", "role": "TRAINER", "label": "lab cluster"}"""),
                    @ExampleObject(name = "one tester with a fixed sample count", value = """
                            {"maxWorkers": 1, "role": "TESTER", "samples": 10000}""")})))
    @ApiResponse(responseCode = "400", description = "an invalid body, ttl or maxWorkers past the configured maximum")
    @ApiResponse(responseCode = "404", description = "no such session")
    @ApiResponse(responseCode = "409", description = "the session is closed")
    @PostMapping("/api/v1/admin/sessions/{sessionId}/enrollment-tokens")
    @ResponseStatus(HttpStatus.CREATED)
    IssuedEnrollmentToken issue(@PathVariable String sessionId,
            @Valid @RequestBody IssueEnrollmentTokenRequest request) {
        return enrollment.issue(sessionId, request);
    }

    @Operation(operationId = "listSessionEnrollmentTokens", summary = "A session's enrollment tokens (no secrets)")
    @GetMapping("/api/v1/admin/sessions/{sessionId}/enrollment-tokens")
    List<EnrollmentTokenView> listForSession(@PathVariable String sessionId) {
        return enrollment.list(sessionId);
    }

    @Operation(operationId = "listEnrollmentTokens", summary = "Enrollment tokens, optionally of one session")
    @GetMapping("/api/v1/admin/enrollment-tokens")
    List<EnrollmentTokenView> list(@Parameter(description = "only this session's") @RequestParam(required = false)
            String sessionId) {
        return enrollment.list(sessionId);
    }

    @Operation(operationId = "getEnrollmentToken", summary = "One enrollment token (no secret)")
    @ApiResponse(responseCode = "200", description = "the token: seats, expiry, role, state", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "no such token")
    @GetMapping("/api/v1/admin/enrollment-tokens/{tokenId}")
    EnrollmentTokenView find(@PathVariable String tokenId) {
        return enrollment.find(tokenId);
    }

    @Operation(operationId = "revokeEnrollmentToken", summary = "Revoke an enrollment token",
            description = "It admits no new worker; workers it admitted keep their identity.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
                    @ExampleObject(name = "revoke", value = "{\"reason\": \"leaked in a chat\"}"))))
    @ApiResponse(responseCode = "200", description = "the token, now revoked", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", description = "no reason, or one over 500 characters")
    @ApiResponse(responseCode = "404", description = "no such token")
    @PostMapping("/api/v1/admin/enrollment-tokens/{tokenId}/revoke")
    EnrollmentTokenView revoke(@PathVariable String tokenId,
            @Valid @RequestBody RevokeEnrollmentTokenRequest request) {
        return enrollment.revoke(tokenId, request.reason());
    }
}
