package com.clientele.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;

/** Who sent an HTTP request, as proactive authentication established it before any route ran. */
public final class Callers {

    private Callers() {
    }

    /** The caller's identity; null when it is anonymous (no token; with auth off, every caller has every role). */
    public static SecurityIdentity identity(RoutingContext ctx) {
        if (ctx.user() instanceof QuarkusHttpUser user && !user.getSecurityIdentity().isAnonymous()) {
            return user.getSecurityIdentity();
        }
        return null;
    }
}
