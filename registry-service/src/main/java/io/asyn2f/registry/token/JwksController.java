package io.asyn2f.registry.token;

import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The public signing key for every service that validates asyn2f tokens. */
@RestController
@Tag(name = "tokens")
class JwksController {

    private final Map<String, Object> jwks;

    JwksController(SigningKey key) {
        this.jwks = key.publicJwkSet().toJSONObject(true);
    }

    @Operation(operationId = "jwks", summary = "The registry's public signing key as a JSON Web Key Set",
            description = "Open; Cache-Control max-age=300. Every service validates asyn2f tokens against it.",
            security = {})
    @GetMapping(path = "/.well-known/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> jwks() {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5)).cachePublic())
                .body(jwks);
    }
}
