package io.onair.media.flv;

import io.onair.media.AudioConfig;
import io.onair.media.AudioFrame;
import io.onair.media.MediaFormatException;
import io.onair.media.MediaFrame;
import io.onair.media.Timebase;
import io.onair.media.VideoCodec;
import io.onair.media.VideoConfig;
import io.onair.media.VideoFrame;
import io.onair.media.aac.AudioSpecificConfig;
import io.onair.media.h264.AvcDecoderConfig;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Turns the FLV tag bodies of one publishing session (RTMP audio and video messages) into {@link MediaFrame}s.
 *
 * <p>Timestamps: RTMP's 32-bit millisecond clock is unwrapped (one clock for both tracks, so they stay aligned),
 * then converted to 90 kHz. Video PTS is DTS plus the tag's composition time; DTS is never rebuilt from the
 * bitstream (mediamtx #1002/#1431 are failures of that approach).
 *
 * <p>Errors: a malformed tag throws {@link MediaFormatException} and leaves the demuxer usable, so the caller can
 * count and skip it; a codec Onair does not package throws {@link UnsupportedCodecException}, and a malformed
 * sequence header {@link SequenceHeaderException}: both end the session. Frames that arrive
 * before their track's sequence header are counted and skipped. Not thread-safe: one per session.
 */
public final class FlvDemuxer {
    private final TimestampUnwrapper clock = new TimestampUnwrapper();
    private VideoConfig videoConfig;
    private int nalLengthSize;
    private AudioConfig audioConfig;
    private long framesBeforeConfig;
    /** A new sequence header came after the last coded frame: the next keyframe starts new tracks. */
    private boolean configSinceFrame;

    /**
     * The start of an H.264 keyframe that is still arriving, with the timestamps its frame will have.
     *
     * @param dts 90 kHz, unwrapped as {@link #video} will unwrap the whole message
     * @param pts 90 kHz
     */
    public record KeyframeStart(long dts, long pts) {
    }

    /**
     * @param rtmpTimestamp the message's 32-bit timestamp in milliseconds
     * @return the frame, or empty for sequence headers, end-of-sequence, metadata and command frames, and frames
     *         before their sequence header
     */
    public Optional<MediaFrame> video(long rtmpTimestamp, byte[] body) {
        long dtsMillis = clock.unwrap(rtmpTimestamp);
        FlvVideoTag tag = FlvVideoTag.parse(body);
        if (!tag.codec().packaged()) {
            throw UnsupportedCodecException.video(tag.codec() == VideoCodec.HEVC ? "HEVC (H.265)" : "AV1");
        }
        if (tag.frameType() == VideoFrameType.COMMAND) {
            return Optional.empty();
        }
        switch (tag.packetType()) {
            case SEQUENCE_START -> {
                try {
                    VideoConfig config = AvcDecoderConfig.parse(tag.payload());
                    nalLengthSize = AvcNalUnits.lengthSize(tag.payload());
                    // Encoders that repeat an unchanged sequence header before every keyframe keep their hints.
                    configSinceFrame |= !config.equals(videoConfig);
                    videoConfig = config;
                } catch (MediaFormatException e) {
                    throw new SequenceHeaderException("H.264 sequence header: " + e.getMessage(), e);
                }
                return Optional.empty();
            }
            case CODED_FRAMES, CODED_FRAMES_X -> {
                if (videoConfig == null) {
                    framesBeforeConfig++;
                    return Optional.empty();
                }
                configSinceFrame = false;
                byte[] data = AvcNalUnits.toFourByteLengths(tag.payload(), nalLengthSize, videoConfig);
                if (data.length == 0) {
                    return Optional.empty();
                }
                long dts = Timebase.millisToMpeg(dtsMillis);
                long pts = Timebase.millisToMpeg(dtsMillis + tag.compositionTime());
                boolean key = tag.frameType() == VideoFrameType.KEY;
                return Optional.of(new VideoFrame(videoConfig, dts, pts, key, data));
            }
            case SEQUENCE_END, METADATA -> {
                return Optional.empty();
            }
            default -> throw UnsupportedCodecException.video("H.264 in " + tag.packetType() + " packets");
        }
    }

    /**
     * The first bytes of a video message whose rest has not arrived: when they start an H.264 keyframe of the
     * current tracks, its timestamps, so a segment can end at it before the (large) keyframe is all in. Empty when
     * the head says anything else, before the sequence header, and after a new sequence header (the keyframe will
     * start new tracks: that cut waits for the frame). Moves no state; never throws.
     *
     * @param rtmpTimestamp the message's 32-bit timestamp in milliseconds
     * @param head          the first bytes of the message body (8 cover both header forms)
     */
    public Optional<KeyframeStart> keyframeStart(long rtmpTimestamp, byte[] head) {
        if (videoConfig == null || configSinceFrame) {
            return Optional.empty();
        }
        OptionalInt cts = FlvVideoTag.keyframeCompositionTime(head);
        if (cts.isEmpty()) {
            return Optional.empty();
        }
        long dtsMillis = clock.peek(rtmpTimestamp);
        return Optional.of(new KeyframeStart(Timebase.millisToMpeg(dtsMillis),
                Timebase.millisToMpeg(dtsMillis + cts.getAsInt())));
    }

    /**
     * @param rtmpTimestamp the message's 32-bit timestamp in milliseconds
     * @return the frame, or empty for sequence headers and frames before the sequence header
     */
    public Optional<MediaFrame> audio(long rtmpTimestamp, byte[] body) {
        long dtsMillis = clock.unwrap(rtmpTimestamp);
        FlvAudioTag tag = FlvAudioTag.parse(body);
        if (tag.sequenceHeader()) {
            try {
                audioConfig = AudioSpecificConfig.parse(tag.payload());
            } catch (MediaFormatException e) {
                throw new SequenceHeaderException("AAC sequence header: " + e.getMessage(), e);
            }
            return Optional.empty();
        }
        if (audioConfig == null) {
            framesBeforeConfig++;
            return Optional.empty();
        }
        if (tag.payload().length == 0) {
            throw new MediaFormatException("AAC frame is empty");
        }
        return Optional.of(new AudioFrame(audioConfig, Timebase.millisToMpeg(dtsMillis), tag.payload()));
    }

    public Optional<VideoConfig> videoConfig() {
        return Optional.ofNullable(videoConfig);
    }

    public Optional<AudioConfig> audioConfig() {
        return Optional.ofNullable(audioConfig);
    }

    /** Frames skipped because their track's sequence header had not arrived yet. */
    public long framesBeforeConfig() {
        return framesBeforeConfig;
    }
}
