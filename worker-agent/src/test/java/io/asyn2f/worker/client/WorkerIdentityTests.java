package io.asyn2f.worker.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerIdentityTests {

    @TempDir
    Path folder;

    @Test
    void shouldComeBackAsTheWorkerItWasInTheSameSession() {
        Path file = folder.resolve("state/identity.json");
        WorkerIdentity saved = new WorkerIdentity("s-1", "w-7", "refresh-1", Instant.parse("2026-12-02T00:00:00Z"));

        saved.save(file);

        assertThat(WorkerIdentity.load(file, "s-1")).contains(saved);
        assertThat(WorkerIdentity.load(file, "s-2")).isEmpty();
        assertThat(WorkerIdentity.load(folder.resolve("missing.json"), "s-1")).isEmpty();
        assertThat(WorkerIdentity.load(null, "s-1")).isEmpty();
    }

    @Test
    void shouldKeepOnlyTheNewestCredentialReadableByItsOwnerAlone() throws Exception {
        Path file = folder.resolve("identity.json");
        new WorkerIdentity("s-1", "w-7", "refresh-1", null).save(file);

        new WorkerIdentity("s-1", "w-7", "refresh-2", null).save(file);

        assertThat(WorkerIdentity.load(file, "s-1")).get().extracting(WorkerIdentity::refreshToken)
                .isEqualTo("refresh-2");
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);
        try (var left = Files.list(folder)) {
            assertThat(left).containsExactly(file); // no temporary file left behind
        }
        assertThat(new WorkerIdentity("s-1", "w-7", "refresh-2", null).toString()).doesNotContain("refresh-2");
    }

    @Test
    void shouldRefuseAFileItCannotRead() throws Exception {
        Path file = folder.resolve("identity.json");
        Files.writeString(file, "{not json");

        assertThatThrownBy(() -> WorkerIdentity.load(file, "s-1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString());
    }
}
