package io.asyn2f.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the launcher does about missing Fashion-MNIST, on machines of every kind (a fake one per test). */
class DatasetSetupTests {

    @TempDir
    Path folder;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);

    /** A machine whose apt-get "installs" the package into the folder when it works. */
    private final class FakeMachine implements DatasetSetup.Machine {
        final boolean root;
        final boolean apt;
        final int aptExit;
        final String answer;
        final List<List<String>> ran = new ArrayList<>();
        final List<String> asked = new ArrayList<>();

        FakeMachine(boolean root, boolean apt, int aptExit, String answer) {
            this.root = root;
            this.apt = apt;
            this.aptExit = aptExit;
            this.answer = answer;
        }

        @Override
        public boolean root() {
            return root;
        }

        @Override
        public boolean hasApt() {
            return apt;
        }

        @Override
        public int run(List<String> command) throws IOException {
            ran.add(command);
            if (aptExit == 0) {
                Files.writeString(folder.resolve("train-images-idx3-ubyte.gz"), "images");
            }
            return aptExit;
        }

        @Override
        public String ask(String question) {
            asked.add(question);
            return answer;
        }
    }

    @Test
    void shouldInstallThePackageAsRootWithAptAndSaySo() throws Exception {
        FakeMachine machine = new FakeMachine(true, true, 0, null);
        assertThat(DatasetSetup.ensure("auto", folder, machine, null, out)).isEqualTo(DatasetSetup.Outcome.INSTALLED);
        assertThat(machine.ran).containsExactly(DatasetSetup.APT);
        assertThat(console.toString()).contains("installing it (apt-get install -y -q --no-install-recommends "
                + "dataset-fashion-mnist)");
        assertThat(machine.asked).isEmpty();
    }

    @Test
    void shouldPrintTheCommandAndAskWhenItCannotInstall() throws Exception {
        FakeMachine yes = new FakeMachine(false, true, 0, "y");
        assertThat(DatasetSetup.ensure("auto", folder, yes, null, out)).isEqualTo(DatasetSetup.Outcome.SYNTHETIC);
        assertThat(yes.ran).isEmpty();
        assertThat(console.toString()).contains("install it with: sudo apt-get install");
        assertThat(yes.asked).hasSize(1);

        FakeMachine no = new FakeMachine(false, true, 0, "");
        assertThat(DatasetSetup.ensure("auto", folder, no, null, out)).isEqualTo(DatasetSetup.Outcome.DECLINED);
    }

    @Test
    void shouldFallBackAndSaySoWithoutATerminal() throws Exception {
        FakeMachine machine = new FakeMachine(false, false, 0, null);
        assertThat(DatasetSetup.ensure("auto", folder, machine, null, out)).isEqualTo(DatasetSetup.Outcome.SYNTHETIC);
        assertThat(console.toString()).contains("no terminal to ask: continuing with SYNTHETIC data");
    }

    @Test
    void shouldAskWhenTheInstallFailsOrIsTurnedOff() throws Exception {
        FakeMachine failing = new FakeMachine(true, true, 100, null);
        assertThat(DatasetSetup.ensure("auto", folder, failing, null, out)).isEqualTo(DatasetSetup.Outcome.SYNTHETIC);
        assertThat(console.toString()).contains("failed (exit 100)");

        FakeMachine never = new FakeMachine(true, true, 0, null);
        assertThat(DatasetSetup.ensure("auto", folder, never, "never", out)).isEqualTo(DatasetSetup.Outcome.SYNTHETIC);
        assertThat(never.ran).isEmpty();
    }

    @Test
    void shouldLeavePresentDataSyntheticRunsAndNamedDatasetsAlone() throws Exception {
        FakeMachine machine = new FakeMachine(true, true, 0, null);
        assertThat(DatasetSetup.ensure("synthetic", folder, machine, null, out))
                .isEqualTo(DatasetSetup.Outcome.NOT_APPLICABLE);
        FakeMachine nonRoot = new FakeMachine(false, false, 0, "y");
        assertThat(DatasetSetup.ensure("fashion-mnist", folder, nonRoot, null, out))
                .isEqualTo(DatasetSetup.Outcome.MISSING);
        assertThat(nonRoot.asked).isEmpty();
        Files.writeString(folder.resolve("train-images-idx3-ubyte"), "images");
        assertThat(DatasetSetup.ensure("auto", folder, machine, null, out)).isEqualTo(DatasetSetup.Outcome.PRESENT);
        assertThat(machine.ran).isEmpty();
    }
}
