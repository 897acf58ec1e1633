package io.asyn2f.registry.deadletter;

import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.asyn2f.messaging.DeadLetterAdmin;
import io.asyn2f.messaging.DeadLetterEndpoints;
import io.asyn2f.registry.web.Problems;
import io.asyn2f.web.ApiDocs;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The dead letters of the registry's sessions queue (HTTP Basic, admin credentials); the endpoints are
 * {@link DeadLetterEndpoints}. Session events a replay brings back twice are skipped by event id.
 */
@RestController
@RequestMapping("/api/v1/admin/dead-letters")
@Tag(name = "admin: dead letters", description = "Events set aside with their reason, and their replay")
@SecurityRequirement(name = ApiDocs.ADMIN_BASIC)
class DeadLetterController extends DeadLetterEndpoints {

    DeadLetterController(DeadLetterAdmin deadLetters) {
        super(deadLetters, new Refusals(Problems::notFound,
                (field, message) -> Problems.badRequest(field + " " + message), Problems::unavailable));
    }
}
