package io.asyn2f.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OptionArgumentTests {

    @Test
    void shouldSplitAtTheFirstEqualsSign() {
        assertThat(OptionArgument.of("--filter=state=RUNNING"))
                .isEqualTo(new OptionArgument("--filter", "state=RUNNING"));
        assertThat(OptionArgument.of("--out=")).isEqualTo(new OptionArgument("--out", ""));
    }

    @Test
    void shouldLeaveTheValueToTheNextWordWithoutAnEqualsSign() {
        assertThat(OptionArgument.of("--out")).isEqualTo(new OptionArgument("--out", null));
        // A leading '=' names no option: the word stays whole, for the caller to refuse.
        assertThat(OptionArgument.of("=x")).isEqualTo(new OptionArgument("=x", null));
    }
}
