package com.clientele.common;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Translates Clientele's own settings into the settings of the libraries that enforce them, so that an
 * operator sets each thing once, in the service's words:
 * <ul>
 *   <li>{@code clientele.jwt.secret} becomes the JWK that smallrye-jwt verifies HS256 tokens with
 *       (smallrye-jwt reads a secret key only as a JWK, never as a raw string);</li>
 *   <li>{@code clientele.jwt.public-key-location} keeps its algorithm next to it;</li>
 *   <li>{@code clientele.limits.request-timeout} becomes PostgreSQL's {@code statement_timeout} on every
 *       pooled connection, so a request's SQL is cancelled by the server when its time is up.</li>
 * </ul>
 * In dev and test mode, with auth on and no key configured, a random secret is made once per JVM and
 * published as {@code clientele.jwt.secret}: dev mode prints tokens signed with it, tests sign theirs.
 * Nothing is contributed while Quarkus builds the application ({@link RunningApplication}).
 */
public class DerivedSettingsConfigSourceFactory implements ConfigSourceFactory {

    /** Above application.properties (250), below environment variables (300): an operator can still override. */
    private static final int ORDINAL = 275;
    private static final String DEFAULT_TIMEOUT = "10s";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!RunningApplication.isRunning()) {
            return List.of();
        }
        Map<String, String> derived = new HashMap<>();
        Duration timeout = DurationConverter.parseDuration(valueOr(context, "clientele.limits.request-timeout", DEFAULT_TIMEOUT));
        derived.put("quarkus.datasource.reactive.additional-properties.statement_timeout", String.valueOf(timeout.toMillis()));

        String secret = valueOr(context, "clientele.jwt.secret", null);
        String location = valueOr(context, "clientele.jwt.public-key-location", null);
        boolean authEnabled = Boolean.parseBoolean(valueOr(context, "clientele.auth.enabled", "true"));
        if (secret == null && location == null && authEnabled
                && (context.getProfiles().contains("dev") || context.getProfiles().contains("test"))) {
            secret = DevSecret.VALUE;
            derived.put("clientele.jwt.secret", secret);
        }
        if (secret != null) {
            derived.put("smallrye.jwt.verify.secretkey", hmacJwk(secret));
            derived.put("mp.jwt.verify.publickey.algorithm", "HS256");
        } else if (location != null) {
            derived.put("mp.jwt.verify.publickey.algorithm", valueOr(context, "clientele.jwt.public-key-algorithm", "RS256"));
        }
        return List.of(new MapBackedConfigSource("clientele-derived-settings", derived, ORDINAL) {
        });
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(60);
    }

    /** A JSON Web Key of type "oct" whose key is the UTF-8 bytes of the secret. */
    static String hmacJwk(String secret) {
        String k = Base64.getUrlEncoder().withoutPadding().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
        return "{\"kty\":\"oct\",\"k\":\"" + k + "\"}";
    }

    private static String valueOr(ConfigSourceContext context, String name, String fallback) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank() ? fallback : value.getValue();
    }

    /** One random secret per JVM, so that every configuration built in it verifies the same tokens. */
    private static final class DevSecret {
        static final String VALUE = make();

        private static String make() {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            return "dev-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
    }
}
