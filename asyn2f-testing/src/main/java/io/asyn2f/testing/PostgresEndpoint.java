package io.asyn2f.testing;

import io.asyn2f.embedded.EmbeddedPostgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/** A PostgreSQL database that tests may use, and the credentials to reach it. */
public record PostgresEndpoint(String jdbcUrl, String username, String password, Source source) {

    private static final String PREFIX = "jdbc:postgresql://";
    private static final int MAX_PREFIX_LENGTH = 40;

    public PostgresEndpoint {
        if (jdbcUrl == null || !jdbcUrl.startsWith(PREFIX)) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC url: " + jdbcUrl);
        }
        password = password == null ? "" : password;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, username, password);
    }

    /** The database named in the url (empty when the url names none, which means the user's database). */
    public String databaseName() {
        int slash = jdbcUrl.indexOf('/', PREFIX.length());
        if (slash < 0) {
            return "";
        }
        int query = jdbcUrl.indexOf('?', slash);
        return jdbcUrl.substring(slash + 1, query < 0 ? jdbcUrl.length() : query);
    }

    /** The same server, user and url parameters, another database. */
    public PostgresEndpoint withDatabase(String database) {
        int slash = jdbcUrl.indexOf('/', PREFIX.length());
        int query = jdbcUrl.indexOf('?', PREFIX.length());
        String server = slash >= 0 ? jdbcUrl.substring(0, slash)
                : query >= 0 ? jdbcUrl.substring(0, query) : jdbcUrl;
        String parameters = query >= 0 ? jdbcUrl.substring(query) : "";
        return new PostgresEndpoint(server + "/" + database + parameters, username, password, source);
    }

    /**
     * Creates a new, uniquely named database on this server and returns its endpoint. The name is the
     * sanitised prefix plus a random suffix, so concurrent builds on a shared server never collide.
     */
    public PostgresEndpoint createFreshDatabase(String prefix) {
        String name = uniqueDatabaseName(prefix);
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE \"" + name + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name + " on " + jdbcUrl, e);
        }
        return withDatabase(name);
    }

    /** Drops the named database, closing its remaining connections first (PostgreSQL 13+). */
    public void dropDatabase(String name) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS \"" + name.replace("\"", "") + "\" WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop database " + name + " on " + jdbcUrl, e);
        }
    }

    static String uniqueDatabaseName(String prefix) {
        String cleaned = (prefix == null ? "" : prefix).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (cleaned.isEmpty() || !Character.isLetter(cleaned.charAt(0))) {
            cleaned = "t_" + cleaned;
        }
        if (cleaned.length() > MAX_PREFIX_LENGTH) {
            cleaned = cleaned.substring(0, MAX_PREFIX_LENGTH);
        }
        return cleaned + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    @Override
    public String toString() {
        return "PostgresEndpoint[" + jdbcUrl + ", user=" + username + ", source=" + source + "]";
    }

    /** The {@code postgres} database of an embedded server, as its superuser. */
    public static PostgresEndpoint of(EmbeddedPostgres server) {
        return new PostgresEndpoint(server.jdbcUrl(), server.username(), server.password(), Source.EMBEDDED);
    }
}
