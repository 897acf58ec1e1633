package io.asyn2f.api.registry;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;

import io.asyn2f.api.event.WorkerRole;

/**
 * A worker's registration ({@code POST /api/v1/sessions/{sessionId}/workers}, docs/registry-api.md). A returning
 * worker adds its {@code workerId} and current {@code refreshToken} to keep its identity.
 *
 * @param role    {@code trainer} or {@code tester} (case-insensitive)
 * @param samples size of its data partition
 * @param quality data-quality score in [0, 1]
 * @param system  what it runs on
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RegistrationRequest(
        @NotNull @JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_VALUES) WorkerRole role,
        @NotNull @PositiveOrZero Long samples,
        @NotNull @DecimalMin("0.0") @DecimalMax("1.0") Double quality,
        @Valid SystemInfo system,
        @Pattern(regexp = "[A-Za-z0-9_-]{1,64}") String workerId,
        @Size(max = 256) String refreshToken) {

    @Override
    public String toString() {
        return "RegistrationRequest[role=" + role + ", samples=" + samples + ", quality=" + quality + ", system="
                + system + ", workerId=" + workerId + ", refreshToken=" + (refreshToken == null ? "none" : "****")
                + "]";
    }
}
