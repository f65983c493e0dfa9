package com.clientele.common;

import io.quarkus.runtime.ImageMode;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Supplies {@code DB_URL} when nobody configured one, so that the service runs on a fresh machine
 * with nothing installed: the first read of {@code DB_URL} starts an embedded PostgreSQL.
 * The factory contributes nothing during the build ({@link RunningApplication}), and even in the
 * running application starts the database lazily, on the first read.
 */
public class EmbeddedDatabaseConfigSourceFactory implements ConfigSourceFactory {

    static final String DB_URL = "DB_URL";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        // A native executable (the production image) never embeds PostgreSQL: it needs DB_URL.
        if (ImageMode.current() == ImageMode.NATIVE_RUN || !RunningApplication.isRunning()) {
            return List.of();
        }
        if (isSet(context.getValue(DB_URL)) || isSet(context.getValue("quarkus.datasource.reactive.url"))) {
            return List.of();
        }
        ConfigValue enabled = context.getValue("clientele.embedded-database.enabled");
        if (isSet(enabled) && !Boolean.parseBoolean(enabled.getValue())) {
            return List.of();
        }
        ConfigValue dataDir = context.getValue("clientele.embedded-database.data-dir");
        return List.of(new LazySource(isSet(dataDir) ? dataDir.getValue() : null));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(50);
    }

    /**
     * Called reflectively so that no static path leads from the configuration to the embedded
     * database: native-image then leaves it, and its bundled binaries, out of the executable.
     */
    private static String startEmbedded(String dataDir) {
        try {
            return (String) Class.forName("com.clientele.common.EmbeddedDatabase")
                    .getDeclaredMethod("url", String.class).invoke(null, dataDir);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("No DB_URL configured and no embedded PostgreSQL available", e);
        }
    }

    private static boolean isSet(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }

    /** Lower ordinal than environment variables and system properties: anything explicit wins. */
    private record LazySource(String dataDir) implements ConfigSource {
        @Override
        public Set<String> getPropertyNames() {
            return Set.of(DB_URL);
        }

        @Override
        public Map<String, String> getProperties() {
            return Map.of();
        }

        @Override
        public String getValue(String propertyName) {
            return DB_URL.equals(propertyName) ? startEmbedded(dataDir) : null;
        }

        @Override
        public String getName() {
            return "clientele-embedded-postgresql";
        }

        @Override
        public int getOrdinal() {
            return 150;
        }
    }
}
