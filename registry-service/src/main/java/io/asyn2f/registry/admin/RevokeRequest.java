package io.asyn2f.registry.admin;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

record RevokeRequest(@NotBlank @Size(max = 500) String reason) {
}
