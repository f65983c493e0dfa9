package com.clientele;

import io.smallrye.jwt.build.Jwt;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;
import java.util.Set;

/**
 * Bearer tokens for the tests, signed with the secret the service verifies with: the random one that
 * test mode makes (clientele.jwt.secret), or CLIENTELE_JWT_SECRET for a packaged application.
 */
public final class Tokens {

    private Tokens() {
    }

    public static String of(String... roles) {
        var config = ConfigProvider.getConfig();
        String secret = config.getValue("clientele.jwt.secret", String.class);
        String issuer = config.getOptionalValue("clientele.jwt.issuer", String.class).orElse("clientele");
        return signed(secret, issuer, Duration.ofHours(1), roles);
    }

    public static String signed(String secret, String issuer, Duration lifetime, String... roles) {
        return Jwt.issuer(issuer).upn("test").subject("test").groups(Set.of(roles)).expiresIn(lifetime)
                .signWithSecret(secret);
    }
}
