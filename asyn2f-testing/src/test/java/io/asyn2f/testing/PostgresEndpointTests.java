package io.asyn2f.testing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PostgresEndpointTests {

    @Test
    void shouldSwapTheDatabaseAndKeepUrlParameters() {
        PostgresEndpoint server = endpoint("jdbc:postgresql://db.example:5433/test?sslmode=disable&ApplicationName=ci");

        PostgresEndpoint other = server.withDatabase("orders_1");

        assertThat(server.databaseName()).isEqualTo("test");
        assertThat(other.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5433/orders_1?sslmode=disable&ApplicationName=ci");
        assertThat(other.databaseName()).isEqualTo("orders_1");
        assertThat(other.username()).isEqualTo("postgres");
        assertThat(other.source()).isEqualTo(Source.ENVIRONMENT);
    }

    @Test
    void shouldAddADatabaseToAUrlThatNamesNone() {
        assertThat(endpoint("jdbc:postgresql://127.0.0.1:5432").withDatabase("x").jdbcUrl())
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/x");
        assertThat(endpoint("jdbc:postgresql://127.0.0.1:5432?ssl=false").withDatabase("x").jdbcUrl())
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/x?ssl=false");
        assertThat(endpoint("jdbc:postgresql://127.0.0.1:5432").databaseName()).isEmpty();
    }

    @Test
    void shouldMakeUniqueLegalDatabaseNamesFromAnyPrefix() {
        String first = PostgresEndpoint.uniqueDatabaseName("registry-service");
        String second = PostgresEndpoint.uniqueDatabaseName("registry-service");

        assertThat(first).matches("registry_service_[0-9a-f]{12}").isNotEqualTo(second);
        assertThat(PostgresEndpoint.uniqueDatabaseName("9 lives")).matches("t_9_lives_[0-9a-f]{12}");
        assertThat(PostgresEndpoint.uniqueDatabaseName("x".repeat(100))).hasSizeLessThanOrEqualTo(63);
    }

    @Test
    void shouldRejectANonPostgresUrl() {
        assertThatIllegalArgumentException().isThrownBy(() -> endpoint("jdbc:h2:mem:test"));
    }

    private static PostgresEndpoint endpoint(String url) {
        return new PostgresEndpoint(url, "postgres", null, Source.ENVIRONMENT);
    }
}
