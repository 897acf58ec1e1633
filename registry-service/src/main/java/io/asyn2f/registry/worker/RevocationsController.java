package io.asyn2f.registry.worker;

import java.time.Duration;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.asyn2f.web.ApiDocs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import io.asyn2f.registry.token.TokenIssuer;

/** Recent revocations, for services (role {@code service}) that catch up after a restart. */
@RestController
@Tag(name = "tokens", description = "Keys, service tokens and revocations, for the other services")
class RevocationsController {

    private final WorkerService workers;
    private final TokenIssuer issuer;

    RevocationsController(WorkerService workers, TokenIssuer issuer) {
        this.workers = workers;
        this.issuer = issuer;
    }

    @Operation(operationId = "recentRevocations", summary = "Workers revoked within the last access-token lifetime",
            description = "For a service that (re)starts: tokens issued before a revocation may still be presented "
                    + "until they expire; afterwards it follows worker.revoked events.",
            security = @SecurityRequirement(name = ApiDocs.BEARER_TOKEN))
    @ApiResponse(responseCode = "200", description = "the window (the access-token lifetime) and the revocations in it", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "403", description = "the token is not a service's")
    @GetMapping("/api/v1/revocations")
    Revocations revocations() {
        return new Revocations(issuer.accessTokenTtl(), workers.recentRevocations());
    }

    /** @param window how far back the list goes: the access-token lifetime */
    record Revocations(Duration window, List<Revocation> revocations) {
    }
}
