package com.clientele.common;

/**
 * Tells the built application from the build. Quarkus reads configuration while it builds the
 * application too, and records the runtime values it sees as defaults; configuration sources that
 * start things or make secrets contribute only once the built application runs.
 */
final class RunningApplication {

    private RunningApplication() {
    }

    /** The generated application class exists only once the build is done. */
    static boolean isRunning() {
        try {
            Class.forName("io.quarkus.runner.ApplicationImpl", false, Thread.currentThread().getContextClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
