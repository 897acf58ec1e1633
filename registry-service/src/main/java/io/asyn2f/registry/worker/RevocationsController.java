package io.asyn2f.registry.worker;

import java.time.Duration;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.asyn2f.registry.token.TokenIssuer;

/** Recent revocations, for services (role {@code service}) that catch up after a restart. */
@RestController
class RevocationsController {

    private final WorkerService workers;
    private final TokenIssuer issuer;

    RevocationsController(WorkerService workers, TokenIssuer issuer) {
        this.workers = workers;
        this.issuer = issuer;
    }

    @GetMapping("/api/v1/revocations")
    Revocations revocations() {
        return new Revocations(issuer.accessTokenTtl(), workers.recentRevocations());
    }

    /** @param window how far back the list goes: the access-token lifetime */
    record Revocations(Duration window, List<Revocation> revocations) {
    }
}
