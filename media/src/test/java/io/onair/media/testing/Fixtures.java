package io.onair.media.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the project's shared fixtures ({@code shared/fixtures}) by walking up from the working directory. Locally
 * they live at {@code /work/shared}; in CI the repository is a fresh clone with {@code shared/} beside it, so from a
 * module directory the walk finds {@code ../../shared/fixtures}, whichever the layout. Fails (never skips) when
 * they cannot be found: a test that silently skips its golden input proves nothing.
 */
public final class Fixtures {
    private Fixtures() {
    }

    /** The {@code shared/fixtures} directory. */
    public static Path root() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("fixtures");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no shared/fixtures directory in " + start + " or any parent; clone the"
                + " project's shared/ folder beside the repository");
    }

    /** A file of the OBS 29 publish capture ({@code client-to-server.bin}, {@code server-to-client.bin}). */
    public static Path obsPublish(String file) {
        return existing(root().resolve("obs-29-publish").resolve(file));
    }

    /** Reads a fixture file whole. */
    public static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(existing(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path existing(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("fixture " + file + " is missing");
        }
        return file;
    }
}
