package com.clientele.security;

import com.clientele.common.ClienteleConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;

/**
 * Checks the token settings when the service starts. A service that would accept requests without
 * any way to verify them refuses to start, unless authentication was switched off on purpose, which
 * is then said loudly at every start. In dev mode it prints a ready token per role.
 */
@ApplicationScoped
public class AuthSetup {

    static final int MIN_SECRET_BYTES = 32;
    private static final Logger LOG = Logger.getLogger(AuthSetup.class);

    private final ClienteleConfig config;
    private final DevTokens devTokens;

    public AuthSetup(ClienteleConfig config, DevTokens devTokens) {
        this.config = config;
        this.devTokens = devTokens;
    }

    void check(@Observes StartupEvent event) {
        if (!config.auth().enabled()) {
            LOG.warn("""
                    
                    *****************************************************************************
                    *  AUTHENTICATION IS OFF (CLIENTELE_AUTH_ENABLED=false): every request is   *
                    *  served with every role, personal data and erasure included, to anyone    *
                    *  who can reach this port. Use this only behind a trusted gateway.         *
                    *****************************************************************************""");
            return;
        }
        var jwt = config.jwt();
        if (jwt.secret().isPresent() == jwt.publicKeyLocation().isPresent()) {
            throw new IllegalStateException(jwt.secret().isPresent()
                    ? "Both CLIENTELE_JWT_SECRET and CLIENTELE_JWT_PUBLIC_KEY_LOCATION are set; set exactly one"
                    : "No token key is configured: set CLIENTELE_JWT_SECRET (an HS256 secret of at least "
                            + MIN_SECRET_BYTES + " bytes) or CLIENTELE_JWT_PUBLIC_KEY_LOCATION (a PEM key or JWKS), "
                            + "or set CLIENTELE_AUTH_ENABLED=false to serve without authentication");
        }
        if (jwt.secret().filter(s -> s.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES).isPresent()) {
            throw new IllegalStateException("CLIENTELE_JWT_SECRET is shorter than " + MIN_SECRET_BYTES
                    + " bytes; use a random secret, e.g. `openssl rand -base64 48`");
        }
        LOG.infof("Bearer tokens are verified with %s, issuer '%s'",
                jwt.secret().isPresent() ? "an HS256 secret" : jwt.publicKeyAlgorithm() + " keys from "
                        + jwt.publicKeyLocation().get(), jwt.issuer());
        if (LaunchMode.current() == LaunchMode.DEVELOPMENT && jwt.secret().isPresent()) {
            devTokens.print(jwt.secret().get(), jwt.issuer());
        }
    }
}
