package io.asyn2f.api.storage;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

/**
 * What a worker is about to upload ({@code POST /api/v1/sessions/{sessionId}/uploads}); the gateway signs the URL
 * for exactly this size and checksum.
 *
 * @param sizeBytes the blob's size; checked against the session's upload limit
 * @param sha256    sha-256 of the whole blob, lower-case hex (what the worker announces in update.submitted)
 */
public record UploadRequest(
        @NotNull @Positive Long sizeBytes,
        @NotNull @Pattern(regexp = "[0-9a-f]{64}", message = "must be 64 lower-case hex characters (sha-256)")
        String sha256) {
}
