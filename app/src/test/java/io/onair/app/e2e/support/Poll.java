package io.onair.app.e2e.support;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Waits for a condition by polling it, with a deadline: how the end-to-end tests synchronise with the server and
 * the external clients (never a fixed sleep). On timeout the failure says what was awaited and what the world
 * looked like ({@code context}: process output, last playlist, browser console).
 */
public final class Poll {
    private static final Duration INTERVAL = Duration.ofMillis(100);

    private Poll() {
    }

    /** Polls {@code probe} until it yields a value; fails after {@code timeout} with {@code what} and the context. */
    public static <T> T until(String what, Duration timeout, Supplier<String> context, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "\n" + context.get());
            }
            pause(INTERVAL);
        }
    }

    /** Polls a boolean condition. */
    public static void until(String what, Duration timeout, Supplier<String> context, java.util.function.BooleanSupplier condition) {
        until(what, timeout, context, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }

    /** The pause between two polls. */
    public static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while polling", e);
        }
    }
}
