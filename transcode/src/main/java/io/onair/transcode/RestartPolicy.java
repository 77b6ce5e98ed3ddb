package io.onair.transcode;

import java.time.Duration;
import java.util.Optional;

/**
 * Back-off for ffmpeg restarts: {@code initial}, then doubling up to {@code max}; after {@code maxRapidFailures}
 * failures in a row of runs shorter than {@code stableRun}, give up. A run that lasted {@code stableRun} counts as
 * healthy and starts the count again. Pure: the caller passes how long the run lasted (from its injected clock).
 */
final class RestartPolicy {
    private final Duration initial;
    private final Duration max;
    private final int maxRapidFailures;
    private final Duration stableRun;
    private int failures;

    RestartPolicy(Duration initial, Duration max, int maxRapidFailures, Duration stableRun) {
        this.initial = initial;
        this.max = max;
        this.maxRapidFailures = maxRapidFailures;
        this.stableRun = stableRun;
    }

    static RestartPolicy of(TranscodeSettings s) {
        return new RestartPolicy(s.restartDelay(), s.maxRestartDelay(), s.maxRapidFailures(), s.stableRun());
    }

    /** @return the delay before the next start, or empty to give up */
    Optional<Duration> failed(Duration runLength) {
        if (runLength.compareTo(stableRun) >= 0) {
            failures = 0;
        }
        failures++;
        if (failures >= maxRapidFailures) {
            return Optional.empty();
        }
        Duration delay = initial;
        for (int i = 1; i < failures && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return Optional.of(delay.compareTo(max) > 0 ? max : delay);
    }

    /** Failures in the current run of rapid failures. */
    int failures() {
        return failures;
    }
}
