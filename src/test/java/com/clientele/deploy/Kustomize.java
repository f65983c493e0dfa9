package com.clientele.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Renders a kustomization with {@code kubectl kustomize}, the same engine {@code kubectl apply -k} uses. */
final class Kustomize {

    private static final long TIMEOUT_SECONDS = 120;

    private Kustomize() {
    }

    /** The repository root: the first directory, from the working directory (the Maven basedir) up, that has deploy/. */
    static Path repoRoot() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy/overlays")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        return fail("no deploy/overlays found from " + Paths.get("").toAbsolutePath() + " upwards");
    }

    /** The kubectl to run: $KUBECTL if set, else kubectl from the PATH. */
    static String kubectl() {
        String fromEnv = System.getenv("KUBECTL");
        return fromEnv == null || fromEnv.isBlank() ? "kubectl" : fromEnv;
    }

    /** Runs {@code kubectl kustomize deploy/overlays/<overlay>} in the repository root and returns its YAML. */
    static String build(String overlay) {
        Path root = repoRoot();
        Path dir = root.resolve("deploy/overlays").resolve(overlay);
        if (!Files.isRegularFile(dir.resolve("kustomization.yaml"))) {
            fail("no kustomization.yaml in " + dir);
        }
        List<String> command = List.of(kubectl(), "kustomize", root.relativize(dir).toString());
        Path stderr = null;
        try {
            stderr = Files.createTempFile("kustomize-" + overlay, ".err");
            Process process = new ProcessBuilder(command)
                    .directory(root.toFile())
                    .redirectError(stderr.toFile())
                    .start();
            String stdout;
            try (InputStream in = process.getInputStream()) {
                stdout = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            String errors = Files.readString(stderr, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                fail(String.join(" ", command) + " failed with exit code " + process.exitValue() + ":\n" + errors);
            }
            return stdout;
        } catch (IOException e) {
            return fail("cannot run " + String.join(" ", command) + " (" + e.getMessage()
                    + "). kubectl with kustomize v4 or newer is needed: run .ci/ensure-kubectl or set KUBECTL", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted while running " + String.join(" ", command), e);
        } finally {
            if (stderr != null) {
                try {
                    Files.deleteIfExists(stderr);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }
}
