package io.asyn2f.registry.enrollment;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.asyn2f.registry.config.RegistryProperties;

/** Says once at start how workers enroll, loudly when the shared secret (the development mode) admits them. */
@Component
class EnrollmentModeCheck {

    private static final Logger log = LoggerFactory.getLogger(EnrollmentModeCheck.class);

    private final RegistryProperties properties;

    EnrollmentModeCheck(RegistryProperties properties) {
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void announce() {
        String secret = properties.enrollmentSecret();
        if (properties.sharedSecretMode()) {
            log.warn("DEVELOPMENT MODE: the shared enrollment secret admits any number of workers to any session, with"
                    + " no expiry and no seats (asyn2f.registry.enrollment.shared-secret-enabled=true). Not for"
                    + " production: turn it off and issue enrollment tokens per session through the admin API.");
        } else if (secret != null && !secret.isBlank()) {
            log.warn("asyn2f.registry.enrollment-secret is set but ignored: only enrollment tokens admit workers"
                    + " (issue them with POST /api/v1/admin/sessions/{sessionId}/enrollment-tokens)");
        } else {
            log.info("workers enroll with per-session enrollment tokens only");
        }
    }
}
