package io.asyn2f.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** What our services need from PostgreSQL beyond plain SQL: timestamptz and upserts. */
final class PostgresChecks {

    private PostgresChecks() {
    }

    static void createInsertUpsertSelect(PostgresEndpoint database) throws Exception {
        OffsetDateTime created = OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(2));
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("create table model_version (id text primary key, round int not null,"
                    + " published_at timestamptz not null)");
            String upsert = "insert into model_version (id, round, published_at) values (?, ?, ?)"
                    + " on conflict (id) do update set round = excluded.round returning round";
            for (int round = 1; round <= 2; round++) {
                try (PreparedStatement insert = connection.prepareStatement(upsert)) {
                    insert.setString(1, "global");
                    insert.setInt(2, round);
                    insert.setObject(3, created);
                    try (ResultSet returned = insert.executeQuery()) {
                        assertThat(returned.next()).isTrue();
                        assertThat(returned.getInt(1)).isEqualTo(round);
                    }
                }
            }
            try (ResultSet rows = statement.executeQuery("select id, round, published_at from model_version")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString("id")).isEqualTo("global");
                assertThat(rows.getInt("round")).isEqualTo(2);
                assertThat(rows.getObject("published_at", OffsetDateTime.class).toInstant())
                        .isEqualTo(created.toInstant());
                assertThat(rows.next()).isFalse();
            }
        }
    }

    static String version(PostgresEndpoint database) throws Exception {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select version()")) {
            assertThat(result.next()).isTrue();
            return result.getString(1);
        }
    }
}
