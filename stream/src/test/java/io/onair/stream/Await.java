package io.onair.stream;

import java.util.function.BooleanSupplier;

/**
 * Waits for another thread (a packager, an event loop) to reach a state: tests wait for states, never for a time.
 * The 10 s bound only turns a hang into a failure.
 */
public final class Await {
    private Await() {
    }

    /** Returns once {@code condition} holds; fails with {@code what} after 10 s. */
    public static void until(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what);
            }
            Thread.sleep(1);
        }
    }
}
