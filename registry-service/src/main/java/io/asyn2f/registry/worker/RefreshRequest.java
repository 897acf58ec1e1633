package io.asyn2f.registry.worker;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A worker's refresh: its id and current refresh credential. */
record RefreshRequest(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9_-]{1,64}") String workerId,
        @NotBlank @Size(max = 256) String refreshToken) {

    @Override
    public String toString() {
        return "RefreshRequest[workerId=" + workerId + ", refreshToken=****]";
    }
}
