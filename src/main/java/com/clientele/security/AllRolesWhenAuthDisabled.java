package com.clientele.security;

import com.clientele.common.ClienteleConfig;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashSet;

/**
 * With {@code clientele.auth.enabled=false} a caller without a token is served as if it held every
 * role, so the same {@code @RolesAllowed} checks let it through. With auth on (the default) this
 * changes no identity.
 */
@ApplicationScoped
public class AllRolesWhenAuthDisabled implements SecurityIdentityAugmentor {

    private final boolean authEnabled;

    public AllRolesWhenAuthDisabled(ClienteleConfig config) {
        this.authEnabled = config.auth().enabled();
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (authEnabled || !identity.isAnonymous()) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal("unauthenticated"))
                .addRoles(new HashSet<>(Roles.ALL))
                .setAnonymous(false)
                .build());
    }
}
