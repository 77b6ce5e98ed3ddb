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
