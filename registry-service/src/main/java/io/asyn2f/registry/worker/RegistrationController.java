package io.asyn2f.registry.worker;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Registration (enrollment secret required; see the security configuration). */
@RestController
class RegistrationController {

    private final WorkerService workers;

    RegistrationController(WorkerService workers) {
        this.workers = workers;
    }

    /** 201 for a new worker, 200 for a returning one that kept its identity. */
    @PostMapping("/api/v1/sessions/{sessionId}/workers")
    ResponseEntity<RegistrationResponse> register(@PathVariable String sessionId,
            @Valid @RequestBody RegistrationRequest request) {
        RegistrationResponse response = workers.register(sessionId, request);
        return ResponseEntity.status(response.reconnect() ? HttpStatus.OK : HttpStatus.CREATED).body(response);
    }
}
