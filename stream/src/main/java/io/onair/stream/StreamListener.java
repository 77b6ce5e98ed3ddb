package io.onair.stream;

/**
 * Told when publications start and end. Called by the {@link StreamRegistry} in order (the end of a taken-over
 * publication before the start of the one taking over), on the publisher's thread while the registry is locked:
 * implementations must be quick and must not block (subscribe a reader and hand it to a thread of their own).
 */
public interface StreamListener {
    default void onStart(Publication publication) {
    }

    default void onEnd(Publication publication, EndReason reason) {
    }
}
