package com.clientele.blackbox;

import com.clientele.Tokens;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The packaged application (target/quarkus-app/quarkus-run.jar) as its own process, the way it runs
 * in production: prod profile, a 256 MB heap, a token secret, a database behind a {@link TcpProxy}.
 */
final class PackagedService implements AutoCloseable {

    static final String HEAP = "-Xmx256m";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String name;
    final Process process;
    final int port;
    final Path log;
    final String secret;

    private PackagedService(String name, Process process, int port, Path log, String secret) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
        this.secret = secret;
    }

    /** Starts the service and waits until it is ready, with these extra environment variables. */
    static PackagedService start(String name, String dbUrl, Map<String, String> env) throws Exception {
        PackagedService service = launch(name, dbUrl, env);
        service.awaitReady(Duration.ofSeconds(90));
        return service;
    }

    /** Starts the service without waiting (for services expected to refuse to start). */
    static PackagedService launch(String name, String dbUrl, Map<String, String> env) throws IOException {
        Path jar = Path.of(System.getProperty("clientele.jar", "target/quarkus-app/quarkus-run.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: the black-box tests run after `package`");
        }
        int port = freePort();
        Path log = Path.of("target", "black-box", name + ".log");
        Files.createDirectories(log.getParent());
        String secret = "black-box-" + UUID.randomUUID() + "-" + UUID.randomUUID();
        Map<String, String> environment = new HashMap<>();
        environment.put("DB_URL", dbUrl);
        environment.put("DB_USER", "postgres");
        environment.put("PORT", String.valueOf(port));
        environment.put("CLIENTELE_JWT_SECRET", secret);
        environment.put("CLIENTELE_EMBEDDED_DATABASE_ENABLED", "false");
        environment.putAll(env);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP, "-XX:+ExitOnOutOfMemoryError", "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("CLIENTELE_") || k.startsWith("DB_"));
        environment.forEach((k, v) -> {
            if (v == null) {
                builder.environment().remove(k);
            } else {
                builder.environment().put(k, v);
            }
        });
        return new PackagedService(name, builder.start(), port, log, environment.get("CLIENTELE_JWT_SECRET"));
    }

    void awaitReady(Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                if (get("/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " did not become ready:\n" + logTail());
    }

    String token(String... roles) {
        return Tokens.signed(secret, "clientele", Duration.ofHours(2), roles);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs a GraphQL request as JSON with the token of the given role. */
    HttpResponse<String> graphql(String role, String query, Map<String, Object> variables) throws IOException, InterruptedException {
        JsonObject body = new JsonObject().put("query", query).put("variables", new JsonObject(new HashMap<>(variables)));
        return post(body.encode(), Map.of("Content-Type", "application/json", "Authorization", "Bearer " + token(role)));
    }

    HttpResponse<String> post(String body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/graphql")).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** CPU time the process has used so far (user + system), from /proc. */
    long cpuMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
        return ticks * 1000 / 100; // USER_HZ is 100 on Linux
    }

    String logTail() {
        try {
            String all = Files.readString(log);
            return all.substring(Math.max(0, all.length() - 4000));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    String logText() throws IOException {
        return Files.readString(log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
