package com.clientele.console;

import com.clientele.security.DevTokens;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Map;

/**
 * The console's HTTP around its static files (META-INF/resources/console, served by Quarkus): {@code /console}
 * leads to {@code /console/}, every console response carries headers that keep its pages from being framed,
 * sniffed or given foreign scripts, and in dev mode {@code /console/dev-tokens} hands a browser on the same
 * machine the dev tokens that dev mode prints anyway. The console itself is a client of {@code /graphql}:
 * its files are public, the data behind them needs a token.
 */
@ApplicationScoped
public class ConsoleRoutes {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";
    /** Before the static resource handler, which answers without calling further handlers. */
    private static final int ORDER = -100;

    private final DevTokens devTokens;

    public ConsoleRoutes(DevTokens devTokens) {
        this.devTokens = devTokens;
    }

    void register(@Observes Router router) {
        router.route("/console").order(ORDER).handler(ConsoleRoutes::toConsole);
        router.route("/console/*").order(ORDER).handler(ConsoleRoutes::secureHeaders);
        router.route("/console/dev-tokens").order(ORDER + 1).handler(this::devTokens);
    }

    /** Vert.x matches {@code /console/} to this route too: only the bare path is sent on. */
    private static void toConsole(RoutingContext ctx) {
        if (ctx.request().path().endsWith("/")) {
            ctx.next();
            return;
        }
        ctx.response().setStatusCode(301).putHeader(HttpHeaders.LOCATION, "/console/").end();
    }

    private static void secureHeaders(RoutingContext ctx) {
        ctx.response()
                .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                // the pages change with each release, and they are small: always ask whether they did
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        ctx.next();
    }

    /**
     * The dev tokens, to a browser on this machine, in dev mode only (a 404 otherwise, as for any missing
     * file). Dev mode listens on localhost unless told otherwise; the loopback check holds when it was.
     */
    private void devTokens(RoutingContext ctx) {
        Map<String, String> tokens = devTokens.issued();
        if (tokens.isEmpty() || ctx.request().method() != HttpMethod.GET || !fromThisMachine(ctx)) {
            ctx.response().setStatusCode(404).end();
            return;
        }
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(new JsonObject(Map.copyOf(tokens)).encode());
    }

    private static boolean fromThisMachine(RoutingContext ctx) {
        var address = ctx.request().remoteAddress();
        if (address == null || address.hostAddress() == null) {
            return false;
        }
        String host = address.hostAddress();
        return host.equals("127.0.0.1") || host.equals("0:0:0:0:0:0:0:1") || host.equals("::1");
    }
}
