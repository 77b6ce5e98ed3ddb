package io.onair.app.replay;

/** A broadcast's recording is complete (a Spring application event, published on the recorder's thread). */
public record ReplayEnded(long broadcast) {
}
