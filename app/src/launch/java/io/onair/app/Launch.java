package io.onair.app;

import java.lang.reflect.InvocationTargetException;

/**
 * The jar's start class: checks the Java version, then starts {@link OnairApplication}.
 *
 * <p>Onair is compiled for Java 21 (class files of version 65). Debian 12's default {@code java} is 17, which runs
 * Spring Boot's launcher (built for 17) and then fails on the first class of ours with an
 * {@code UnsupportedClassVersionError} and a stack trace that names neither Onair's requirement nor the fix. This
 * class alone is compiled for Java 17 (a separate compiler execution in {@code app/pom.xml}) so that an operator
 * running {@code java -jar onair.jar} with an older Java reads what to do instead. The application class is loaded
 * by name, after the check, so nothing built for 21 is touched before it.
 */
public final class Launch {
    /** The Java release the rest of the jar is compiled for ({@code maven.compiler.release}). */
    static final int REQUIRED = 21;

    private Launch() {}

    public static void main(String[] args) throws Throwable {
        int running = Runtime.version().feature();
        if (running < REQUIRED) {
            System.err.println(tooOld(running, System.getProperty("java.home")));
            System.exit(1);
        }
        try {
            Class.forName("io.onair.app.OnairApplication", true, Launch.class.getClassLoader())
                    .getMethod("main", String[].class)
                    .invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** What the operator reads, one line per step: what is wrong, then the two ways out. */
    static String tooOld(int running, String javaHome) {
        return "Onair needs Java " + REQUIRED + " or newer; this is Java " + running + " (" + javaHome + ").\n"
                + "  Run it with a newer Java: /path/to/jdk-" + REQUIRED + "/bin/java -jar onair.jar\n"
                + "  or use ./onair in the source tree, which picks a JDK >= " + REQUIRED
                + " from JAVA_HOME or /usr/lib/jvm.\n"
                + "  Debian 13, Ubuntu 24.04: apt-get install openjdk-" + REQUIRED + "-jre-headless; elsewhere Temurin "
                + REQUIRED + "+ (adoptium.net).";
    }
}
