package com.clientele.security;

import com.clientele.common.ClienteleConfig;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Bearer tokens, verified once and then recognised: a storefront sends the same token with every page,
 * and parsing and checking it again (signature, issuer, expiry) was a sixth of a storefront read.
 * <p>
 * What is kept is the verified token ({@code JsonWebToken}), keyed by its whole text, signature included,
 * so only the very same token is recognised. It is dropped at its expiry, and at the latest {@link #KEPT_AT_MOST}
 * after it was verified, so that a key that is withdrawn stops being honoured within that time. The identity
 * is built for every request, as smallrye-jwt's own provider builds it: it carries the request itself. A token
 * that fails verification is not kept, and fails again at its next use.
 * <p>
 * Quarkus asks this provider first (a higher priority); smallrye-jwt's own provider is asked only for a credential
 * that this one leaves, which is none of the bearer tokens.
 */
@ApplicationScoped
public class VerifiedTokens implements IdentityProvider<TokenAuthenticationRequest> {

    /** How long a verified token is recognised at most (its expiry comes first when sooner). */
    private static final Duration KEPT_AT_MOST = Duration.ofMinutes(5);
    /** Distinct tokens recognised at once; more push the least recently used out, and are verified again. */
    private static final int MAX_KEPT = 1_000;

    private final JWTParser parser;
    /** Keys fetched over HTTP (a JWKS URL) may block: then verification runs off the event loop, as smallrye-jwt does. */
    private final boolean blocking;
    private final Cache<String, JsonWebToken> verified = Caffeine.newBuilder()
            .maximumSize(MAX_KEPT).expireAfter(new UntilExpiry()).executor(Runnable::run).build();

    public VerifiedTokens(JWTParser parser, ClienteleConfig config) {
        this.parser = parser;
        this.blocking = config.jwt().publicKeyLocation().filter(location -> location.startsWith("http")).isPresent();
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public int priority() {
        return 2000; // smallrye-jwt's MpJwtValidator has the default, 1001; the higher goes first
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        if (!(request.getToken() instanceof JsonWebTokenCredential)) {
            return Uni.createFrom().nullItem();
        }
        String token = request.getToken().getToken();
        var known = verified.getIfPresent(token);
        if (known != null && !expired(known)) {
            return Uni.createFrom().item(identity(request, known));
        }
        return blocking ? context.runBlocking(() -> verify(request, token))
                : Uni.createFrom().item(() -> verify(request, token));
    }

    private SecurityIdentity verify(TokenAuthenticationRequest request, String token) {
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException e) {
            throw new AuthenticationFailedException(e);
        }
        verified.put(token, jwt);
        return identity(request, jwt);
    }

    private static SecurityIdentity identity(TokenAuthenticationRequest request, JsonWebToken jwt) {
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder().setPrincipal(jwt)
                .addCredential(request.getToken()).addRoles(jwt.getGroups()).addAttribute("quarkus.user", jwt);
        RoutingContext routingContext = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (routingContext != null) {
            identity.addAttribute(RoutingContext.class.getName(), routingContext);
        }
        return identity.build();
    }

    private static boolean expired(JsonWebToken jwt) {
        return TimeUnit.SECONDS.toMillis(jwt.getExpirationTime()) <= System.currentTimeMillis();
    }

    /** Until the token's expiry, and at most {@link #KEPT_AT_MOST}. */
    private static final class UntilExpiry implements Expiry<String, JsonWebToken> {

        @Override
        public long expireAfterCreate(String token, JsonWebToken jwt, long currentTime) {
            long untilExpiry = TimeUnit.SECONDS.toNanos(jwt.getExpirationTime())
                    - TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
            return Math.max(0, Math.min(untilExpiry, KEPT_AT_MOST.toNanos()));
        }

        @Override
        public long expireAfterUpdate(String token, JsonWebToken jwt, long currentTime,
                                      long currentDuration) {
            return expireAfterCreate(token, jwt, currentTime);
        }

        @Override
        public long expireAfterRead(String token, JsonWebToken jwt, long currentTime,
                                    long currentDuration) {
            return currentDuration;
        }
    }
}
