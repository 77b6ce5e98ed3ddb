package io.onair.media;

/**
 * One access unit of one track, as it travels from ingest to the packagers.
 *
 * <p>Timestamps are in the 90 kHz MPEG clock ({@link Timebase#MPEG}) so that MPEG-TS PES headers and fMP4
 * {@code tfdt}/{@code trun} can be written without rounding; RTMP's millisecond timestamps convert exactly
 * (1 ms = 90 ticks). They are 64-bit and already unwrapped: the ingest turns RTMP's 32-bit wrapping clock into a
 * monotonic one before a frame is built.
 *
 * <p>Every frame carries the configuration it was encoded with. A packager detects a codec or resolution change
 * by comparing it with the previous frame's ({@code !config.equals(previous)}), which is when a new init segment
 * and a discontinuity are due.
 */
public sealed interface MediaFrame permits VideoFrame, AudioFrame {
    /** Decoding timestamp, 90 kHz. */
    long dts();

    /** Presentation timestamp, 90 kHz (equal to dts for audio and for streams without B-frames). */
    long pts();

    /** The payload; see the implementing record for its format. Never modified after construction. */
    byte[] data();

    /** True for frames a decoder can start from: video IDR/IRAP pictures, every audio frame. */
    boolean isSyncPoint();

    TrackConfig config();
}
