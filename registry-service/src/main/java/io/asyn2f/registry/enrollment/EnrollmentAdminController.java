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

/** Operators issue, list and revoke enrollment tokens (HTTP Basic, admin credentials). */
@RestController
class EnrollmentAdminController {

    private final EnrollmentService enrollment;

    EnrollmentAdminController(EnrollmentService enrollment) {
        this.enrollment = enrollment;
    }

    /** 201 with the token's secret, shown only here. */
    @PostMapping("/api/v1/admin/sessions/{sessionId}/enrollment-tokens")
    @ResponseStatus(HttpStatus.CREATED)
    IssuedEnrollmentToken issue(@PathVariable String sessionId,
            @Valid @RequestBody IssueEnrollmentTokenRequest request) {
        return enrollment.issue(sessionId, request);
    }

    @GetMapping("/api/v1/admin/sessions/{sessionId}/enrollment-tokens")
    List<EnrollmentTokenView> listForSession(@PathVariable String sessionId) {
        return enrollment.list(sessionId);
    }

    @GetMapping("/api/v1/admin/enrollment-tokens")
    List<EnrollmentTokenView> list(@RequestParam(required = false) String sessionId) {
        return enrollment.list(sessionId);
    }

    @GetMapping("/api/v1/admin/enrollment-tokens/{tokenId}")
    EnrollmentTokenView find(@PathVariable String tokenId) {
        return enrollment.find(tokenId);
    }

    @PostMapping("/api/v1/admin/enrollment-tokens/{tokenId}/revoke")
    EnrollmentTokenView revoke(@PathVariable String tokenId,
            @Valid @RequestBody RevokeEnrollmentTokenRequest request) {
        return enrollment.revoke(tokenId, request.reason());
    }
}
