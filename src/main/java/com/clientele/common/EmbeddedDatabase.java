package com.clientele.common;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jboss.logging.Logger;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One embedded PostgreSQL per JVM (binaries from Maven Central, no Docker), started on first use and
 * stopped when the JVM exits. Used only when no database is configured: development, demos, tests.
 */
final class EmbeddedDatabase {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    private static String url;

    private EmbeddedDatabase() {
    }

    static synchronized String url(String dataDir) {
        if (url == null) {
            url = start(dataDir);
        }
        return url;
    }

    private static String start(String dataDir) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("fsync", "off");
            if (dataDir != null) {
                builder.setDataDirectory(new File(dataDir)).setCleanDataDirectory(false);
            }
            EmbeddedPostgres postgres = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> close(postgres), "embedded-postgresql-stop"));
            String started = "postgresql://localhost:" + postgres.getPort() + "/postgres";
            LOG.infof("No DB_URL configured: started an embedded PostgreSQL at %s%s", started,
                    dataDir == null ? " (its data is discarded on exit)" : " with data in " + dataDir);
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL; set DB_URL to use a server", e);
        }
    }

    private static void close(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("Could not stop the embedded PostgreSQL cleanly", e);
        }
    }
}
