package io.asyn2f.registry.enrollment;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

record RevokeEnrollmentTokenRequest(@NotBlank @Size(max = 500) String reason) {
}
