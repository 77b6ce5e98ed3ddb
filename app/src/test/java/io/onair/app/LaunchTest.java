package io.onair.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.onair.app.e2e.support.ExternalProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The jar's start class under the Java an operator is likely to have: Debian 12's default is 17, which runs Boot's
 * launcher but not our classes. The test runs {@link Launch} with a real older JVM from {@code /usr/lib/jvm} (CI's
 * Debian machine has 17 as its default java) and checks what the operator reads.
 */
class LaunchTest {
    private static final Pattern VERSION = Pattern.compile("version \"(\\d+)");

    @Test
    void theStartClassAloneIsBuiltForJava17() throws IOException {
        // Class file major versions (JVMS §4.1): 61 is Java 17, 65 is Java 21.
        assertThat(majorVersion(Launch.class)).isEqualTo(61);
        assertThat(majorVersion(OnairApplication.class)).isEqualTo(65);
    }

    @Test
    void anOlderJavaIsToldWhatToDoInsteadOfAStackTrace() throws Exception {
        Optional<Path> old = olderJava();
        assumeTrue(old.isPresent(), "no JDK older than 21 under /usr/lib/jvm to run the start class with");
        Path classes = Paths.get(Launch.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (ExternalProcess java = ExternalProcess.start("java-" + old.get(),
                List.of(old.get().toString(), "-cp", classes.toString(), Launch.class.getName()))) {
            assertThat(java.exitCode(Duration.ofSeconds(30))).as(java.describe()).isEqualTo(1);
            assertThat(java.stderr())
                    .as(java.describe())
                    .startsWith("Onair needs Java 21 or newer; this is Java ")
                    .contains("./onair")
                    .doesNotContain("UnsupportedClassVersionError")
                    .doesNotContain("\tat ");
        }
    }

    private static int majorVersion(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            byte[] head = in.readNBytes(8);
            return ((head[6] & 0xff) << 8) | (head[7] & 0xff);
        }
    }

    /** A java binary under /usr/lib/jvm whose own {@code -version} says it is older than 21. */
    private static Optional<Path> olderJava() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(jvms)) {
            return dirs.map(dir -> dir.resolve("bin/java"))
                    .filter(Files::isExecutable)
                    .filter(java -> feature(java) < Launch.REQUIRED)
                    .findFirst();
        }
    }

    private static int feature(Path java) {
        try (ExternalProcess version = ExternalProcess.start("java -version", List.of(java.toString(), "-version"))) {
            version.exitCode(Duration.ofSeconds(30));
            Matcher m = VERSION.matcher(version.stderr());
            return m.find() ? Integer.parseInt(m.group(1)) : Integer.MAX_VALUE;
        }
    }
}
