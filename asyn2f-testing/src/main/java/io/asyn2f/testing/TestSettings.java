package io.asyn2f.testing;

import java.util.Locale;
import java.util.Optional;

/**
 * Reads the {@code ASYN2F_TEST_*} settings. A JVM system property with the lower-case dotted name
 * ({@code ASYN2F_TEST_POSTGRES_URL} becomes {@code asyn2f.test.postgres.url}) wins over the environment
 * variable, and a blank value counts as unset, so {@code -Dasyn2f.test.postgres.url=} forces the next path
 * even where CI exports the variable.
 */
public final class TestSettings {

    public static final String POSTGRES_URL = "ASYN2F_TEST_POSTGRES_URL";
    public static final String POSTGRES_USER = "ASYN2F_TEST_POSTGRES_USER";
    public static final String POSTGRES_PASSWORD = "ASYN2F_TEST_POSTGRES_PASSWORD";
    public static final String RABBITMQ_HOST = "ASYN2F_TEST_RABBITMQ_HOST";
    public static final String RABBITMQ_PORT = "ASYN2F_TEST_RABBITMQ_PORT";
    public static final String RABBITMQ_USER = "ASYN2F_TEST_RABBITMQ_USER";
    public static final String RABBITMQ_PASSWORD = "ASYN2F_TEST_RABBITMQ_PASSWORD";
    public static final String RABBITMQ_VHOST = "ASYN2F_TEST_RABBITMQ_VHOST";
    /** The RabbitMQ management API, for a virtual host of the test JVM's own (default {@code http://host:15672/}). */
    public static final String RABBITMQ_MANAGEMENT_URL = "ASYN2F_TEST_RABBITMQ_MANAGEMENT_URL";
    public static final String S3_ENDPOINT = "ASYN2F_TEST_S3_ENDPOINT";
    public static final String S3_ACCESS_KEY = "ASYN2F_TEST_S3_ACCESS_KEY";
    public static final String S3_SECRET_KEY = "ASYN2F_TEST_S3_SECRET_KEY";
    public static final String S3_REGION = "ASYN2F_TEST_S3_REGION";
    public static final String DOCKER = "ASYN2F_TEST_DOCKER";

    private TestSettings() {
    }

    /** The system property name that overrides the given environment variable. */
    public static String propertyName(String variable) {
        return variable.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** The setting's value, or empty when neither the property nor the variable holds a non-blank value. */
    public static Optional<String> value(String variable) {
        String value = System.getProperty(propertyName(variable));
        if (value == null) {
            value = System.getenv(variable);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    static String value(String variable, String defaultValue) {
        return value(variable).orElse(defaultValue);
    }

    /** False only when {@code ASYN2F_TEST_DOCKER=false}: then Testcontainers is never tried. */
    public static boolean dockerAllowed() {
        return !value(DOCKER).map(v -> v.trim().equalsIgnoreCase("false")).orElse(false);
    }
}
