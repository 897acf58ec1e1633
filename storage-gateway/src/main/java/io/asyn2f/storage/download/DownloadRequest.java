package io.asyn2f.storage.download;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The object a caller wants to read, e.g. {@code sessions/s-1/workers/w-3/updates/….a2fm}. */
record DownloadRequest(@NotBlank @Size(max = 512) String objectKey) {
}
