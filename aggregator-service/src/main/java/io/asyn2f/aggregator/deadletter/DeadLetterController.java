package io.asyn2f.aggregator.deadletter;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.asyn2f.aggregator.web.ApiException;
import io.asyn2f.messaging.DeadLetterAdmin;
import io.asyn2f.messaging.DeadLetterEndpoints;
import io.asyn2f.web.ApiDocs;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The dead letters of the aggregator's own queues (updates, evaluations, workers), HTTP Basic (see
 * {@code AdminSecurityConfig}); the endpoints are {@link DeadLetterEndpoints}, refusals are the aggregator's problem
 * details with a field list.
 */
@RestController
@RequestMapping("/api/v1/admin/dead-letters")
@Tag(name = "dead letters", description = "Events set aside with their reason, and their replay")
@SecurityRequirement(name = ApiDocs.ADMIN_BASIC)
class DeadLetterController extends DeadLetterEndpoints {

    DeadLetterController(DeadLetterAdmin deadLetters) {
        super(deadLetters, new Refusals(ApiException::notFound,
                (field, message) -> ApiException.invalid(List.of(Map.of("field", field, "message", message))),
                detail -> new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Broker unavailable", detail, List.of())));
    }
}
