package com.clientele.blackbox;

import com.clientele.security.Roles;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The graphql-http audit of the GraphQL over HTTP specification (the npm package graphql-http,
 * version pinned in src/test/audit/package-lock.json), run by Node.js against the packaged service.
 * Every MUST and every SHOULD passes, and no audit request gets an HTTP 500.
 */
class GraphQLOverHttpAuditIT {

    private static final Path SOURCE = Path.of("src", "test", "audit");
    private static final Path WORK = Path.of("target", "audit");

    @Test
    void everyMustAndShouldOfTheSpecificationPasses() throws Exception {
        BlackBox box = BlackBox.get();
        Files.createDirectories(WORK);
        for (String file : List.of("package.json", "package-lock.json", "audit.mjs")) {
            Files.copy(SOURCE.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), 300);
        String output = run(List.of("node", "audit.mjs", box.service.uri("/graphql").toString(),
                box.service.token(Roles.ADMIN)), 120);
        JsonArray results = new JsonArray(output.lines().filter(l -> l.startsWith("[")).findFirst().orElseThrow(
                () -> new AssertionError("no audit results in: " + output)));

        int must = 0, mustOk = 0, should = 0, shouldOk = 0, errors500 = 0;
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            JsonObject audit = results.getJsonObject(i);
            String name = audit.getString("name");
            boolean ok = "ok".equals(audit.getString("status"));
            if (name.startsWith("MUST")) {
                must++;
                mustOk += ok ? 1 : 0;
            } else if (name.startsWith("SHOULD")) {
                should++;
                shouldOk += ok ? 1 : 0;
            }
            if (Integer.valueOf(500).equals(audit.getInteger("httpStatus"))) {
                errors500++;
            }
            if (!ok && !name.startsWith("MAY")) {
                failed.add(audit.getString("id") + " " + name + ": " + audit.getString("reason"));
            }
        }
        System.out.printf("graphql-http audit: MUST %d/%d, SHOULD %d/%d, %d audits in all, %d HTTP 500%n",
                mustOk, must, shouldOk, should, results.size(), errors500);
        assertEquals(List.of(), failed);
        assertEquals(13, must);
        assertEquals(23, should);
        assertEquals(0, errors500);
    }

    private static String run(List<String> command, int seconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("audit", ".log");
        Process process;
        try {
            process = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("`" + command.get(0) + "` is needed for the GraphQL over HTTP audit (Node.js 18+ "
                    + "and npm): " + e.getMessage(), e);
        }
        assertTrue(process.waitFor(seconds, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        String output = Files.readString(log);
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + output);
        return output;
    }
}
