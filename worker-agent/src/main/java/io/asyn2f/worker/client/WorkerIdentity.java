package io.asyn2f.worker.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a worker keeps on disk to come back as itself after a restart: its session, id and the current refresh
 * credential (which rotates on every use, so the file is rewritten after each refresh). Written to a temporary file
 * in the same folder and moved into place, readable by its owner only.
 */
public record WorkerIdentity(String sessionId, String workerId, String refreshToken, Instant refreshExpiresAt) {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** The identity stored in {@code file} for {@code sessionId}, if there is a usable one. */
    public static Optional<WorkerIdentity> load(Path file, String sessionId) {
        if (file == null || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        WorkerIdentity identity;
        try {
            identity = JSON.readValue(Files.readAllBytes(file), WorkerIdentity.class);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the worker identity in " + file + ": " + e.getMessage(), e);
        }
        if (identity.workerId() == null || identity.refreshToken() == null || !sessionId.equals(identity.sessionId())) {
            return Optional.empty(); // another session's, or incomplete: join as a new worker
        }
        return Optional.of(identity);
    }

    /** Writes this identity to {@code file}, replacing what was there. */
    public void save(Path file) {
        try {
            Path folder = file.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            Path temporary = Files.createTempFile(folder, ".identity-", ".tmp");
            try {
                trySetOwnerOnly(temporary);
                Files.write(temporary, JSON.writeValueAsBytes(this));
                try {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the worker identity to " + file, e);
        }
    }

    private static void trySetOwnerOnly(Path path) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: its defaults apply.
        }
    }

    @Override
    public String toString() {
        return "WorkerIdentity[sessionId=" + sessionId + ", workerId=" + workerId + "]"; // never the credential
    }
}
