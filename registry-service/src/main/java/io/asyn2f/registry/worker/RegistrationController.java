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

/**
 * Registration. A new worker presents an enrollment token of the session as {@code Authorization: Bearer <token>};
 * the token is checked, and its seat taken, in the registration's transaction ({@link WorkerService#register}).
 */
@RestController
class RegistrationController {

    private static final String BEARER = "Bearer ";

    private final WorkerService workers;

    RegistrationController(WorkerService workers) {
        this.workers = workers;
    }

    /** 201 for a new worker, 200 for a returning one that kept its identity. */
    @PostMapping("/api/v1/sessions/{sessionId}/workers")
    ResponseEntity<RegistrationResponse> register(@PathVariable String sessionId,
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
