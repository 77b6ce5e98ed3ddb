package io.onair.app.support;

/**
 * The alerts overlay's settings.
 *
 * @param muted          never read donation messages aloud
 * @param alertMinAmount donations below this make no alert (minor units)
 * @param ttsMinAmount   donation messages are read aloud from this amount
 */
public record OverlaySettings(boolean muted, long alertMinAmount, long ttsMinAmount) {
    public static final OverlaySettings DEFAULT = new OverlaySettings(false, 0, 0);
}
