package io.asyn2f.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TestSettingsTests {

    private static final String VARIABLE = "ASYN2F_TEST_S3_REGION";

    @AfterEach
    void clearProperty() {
        System.clearProperty(TestSettings.propertyName(VARIABLE));
        System.clearProperty(TestSettings.propertyName(TestSettings.DOCKER));
    }

    @Test
    void shouldNameThePropertyLowerCaseDotted() {
        assertThat(TestSettings.propertyName(TestSettings.POSTGRES_URL)).isEqualTo("asyn2f.test.postgres.url");
        assertThat(TestSettings.propertyName(TestSettings.S3_ACCESS_KEY)).isEqualTo("asyn2f.test.s3.access.key");
    }

    @Test
    void shouldPreferTheSystemPropertyAndTreatBlankAsUnset() {
        System.setProperty("asyn2f.test.s3.region", "eu-west-3");
        assertThat(TestSettings.value(VARIABLE)).contains("eu-west-3");

        // Blank forces "unset" even where CI exports the variable: that is how a test forces the next path.
        System.setProperty("asyn2f.test.s3.region", " ");
        assertThat(TestSettings.value(VARIABLE)).isEmpty();
        assertThat(TestSettings.value(VARIABLE, "us-east-1")).isEqualTo("us-east-1");
    }

    @Test
    void shouldDisallowDockerOnlyWhenSetToFalse() {
        System.setProperty("asyn2f.test.docker", "FALSE");
        assertThat(TestSettings.dockerAllowed()).isFalse();

        System.setProperty("asyn2f.test.docker", "true");
        assertThat(TestSettings.dockerAllowed()).isTrue();
    }
}
