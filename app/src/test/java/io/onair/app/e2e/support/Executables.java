package io.onair.app.e2e.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the external clients the end-to-end tests drive. A missing tool fails the test rather than skipping it: a
 * suite that silently skips its end-to-end tests proves nothing, and CI ({@code .ci/run}) installs every one.
 */
public final class Executables {
    private Executables() {
    }

    /** The executable {@code name} on PATH, or an assertion failure saying which Debian package provides it. */
    public static Path require(String name, String debianPackage) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isBlank()) {
                    continue;
                }
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new AssertionError(name + " is not on PATH (" + path + "): the end-to-end tests need it;"
                + " install it with 'apt-get install " + debianPackage + "' (.ci/run does)");
    }

    /** An executable at a fixed path (Debian's chromium and chromedriver), with the same failure message. */
    public static Path requireAt(Path file, String debianPackage) {
        if (!Files.isExecutable(file)) {
            throw new AssertionError(file + " is missing: the browser tests need it; install it with"
                    + " 'apt-get install " + debianPackage + "' (.ci/run does)");
        }
        return file;
    }
}
