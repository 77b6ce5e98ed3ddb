package io.onair.bench.jmh;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the JMH benchmarks find their inputs. The FLV file is the one bench/run makes
 * ({@code bench/results/input/…}, or {@code -Donair.bench.flv=…}); the OBS capture is a shared fixture, found by
 * walking up from the working directory to {@code shared/fixtures} like the tests do ({@code -Donair.bench.fixtures}
 * overrides).
 */
final class BenchInputs {
    static final int HANDSHAKE_BYTES = 1 + 1536 + 1536; // C0, C1, C2: the chunk stream starts after them

    private BenchInputs() {
    }

    static Path flv() {
        return existing(Path.of(System.getProperty("onair.bench.flv",
                "bench/results/input/testsrc2-720p30-2500k-70s.flv")));
    }

    static Path obsPublish() {
        String override = System.getProperty("onair.bench.fixtures");
        if (override != null) {
            return existing(Path.of(override, "obs-29-publish", "client-to-server.bin"));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/fixtures/obs-29-publish/client-to-server.bin");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no shared/fixtures/obs-29-publish/client-to-server.bin above "
                + Path.of("").toAbsolutePath() + "; pass -Donair.bench.fixtures=<dir>");
    }

    private static Path existing(Path p) {
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p.toAbsolutePath() + " is missing (bench/run makes the FLV input)");
        }
        return p;
    }
}
