package io.asyn2f.registry.worker;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Heartbeats, authenticated by the worker's own access token. */
@RestController
class HeartbeatController {

    private final WorkerService workers;

    HeartbeatController(WorkerService workers) {
        this.workers = workers;
    }

    @PostMapping("/api/v1/workers/{workerId}/heartbeat")
    HeartbeatResponse heartbeat(@PathVariable String workerId, @AuthenticationPrincipal Jwt token) {
        return workers.heartbeat(workerId, token.getSubject());
    }
}
