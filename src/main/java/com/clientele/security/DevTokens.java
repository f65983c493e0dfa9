package com.clientele.security;

import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Dev mode only: one ready token per role, signed with the dev secret, printed and written to
 * {@code target/dev-tokens.env} so that the README's curl examples work at once
 * ({@code source target/dev-tokens.env}), and kept for the console's dev sign-in
 * ({@code com.clientele.console.ConsoleRoutes}). The tokens are verified like any other.
 */
@ApplicationScoped
public class DevTokens {

    static final Path FILE = Path.of("target", "dev-tokens.env");
    private static final Logger LOG = Logger.getLogger(DevTokens.class);
    private static final Duration LIFETIME = Duration.ofHours(24);

    /** Role to token, once printed: dev mode only (the console's dev sign-in reads them). */
    private volatile Map<String, String> issued = Map.of();

    /** The tokens printed at start, by role; empty outside dev mode. */
    public Map<String, String> issued() {
        return issued;
    }

    void print(String secret, String issuer) {
        Map<String, String> tokens = new TreeMap<>();
        StringBuilder env = new StringBuilder();
        StringBuilder log = new StringBuilder("Dev mode tokens (valid 24 h; also in ").append(FILE).append("):");
        for (String role : Roles.ALL) {
            String token = sign(secret, issuer, role);
            tokens.put(role, token);
            String name = "CLIENTELE_" + role.toUpperCase(Locale.ROOT) + "_TOKEN";
            env.append(name).append('=').append(token).append('\n');
            log.append("\n  ").append(role).append(": ").append(token);
        }
        LOG.info(log);
        issued = Map.copyOf(tokens);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, env);
        } catch (IOException e) {
            LOG.warnf("Could not write %s: %s", FILE, e.getMessage());
        }
    }

    static String sign(String secret, String issuer, String role) {
        return Jwt.issuer(issuer).upn("dev-" + role).subject("dev-" + role).groups(Set.of(role))
                .expiresIn(LIFETIME).signWithSecret(secret);
    }
}
