package io.asyn2f.api.storage;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The object a caller wants to read, e.g. {@code sessions/s-1/workers/w-3/updates/….a2fm}. */
public record DownloadRequest(@NotBlank @Size(max = 512) String objectKey) {
}
