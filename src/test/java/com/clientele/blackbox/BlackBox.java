package com.clientele.blackbox;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/**
 * What the black-box tests share, started once per JVM: a PostgreSQL server, a proxy in front of it,
 * and the packaged service behind the proxy (request timeout 3 s, so that the slow-database test is
 * quick). Each test class leaves the proxy passing traffic again.
 */
final class BlackBox {

    private static BlackBox shared;

    final EmbeddedPostgres postgres;
    final TcpProxy proxy;
    final PackagedService service;

    private BlackBox(EmbeddedPostgres postgres, TcpProxy proxy, PackagedService service) {
        this.postgres = postgres;
        this.proxy = proxy;
        this.service = service;
    }

    static synchronized BlackBox get() throws Exception {
        if (shared == null) {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("max_connections", "200").start();
            TcpProxy proxy = new TcpProxy(postgres.getPort());
            PackagedService service = PackagedService.start("shared", proxiedUrl(proxy),
                    Map.of("CLIENTELE_LIMITS_REQUEST_TIMEOUT", "3s"));
            shared = new BlackBox(postgres, proxy, service);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    service.close();
                    proxy.close();
                    postgres.close();
                } catch (Exception e) {
                    // the JVM is going away
                }
            }));
        }
        return shared;
    }

    static String proxiedUrl(TcpProxy proxy) {
        return "postgresql://127.0.0.1:" + proxy.port() + "/postgres";
    }

    /** The database itself, bypassing the proxy: for checking what was stored. */
    Connection sql() throws SQLException {
        return DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
    }

    String directUrl() {
        return "postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }
}
