package io.onair.app.restream;

import io.onair.media.AudioConfig;
import io.onair.media.AudioFrame;
import io.onair.media.MediaFrame;
import io.onair.media.VideoCodec;
import io.onair.media.VideoConfig;
import io.onair.media.VideoFrame;
import io.onair.media.flv.FlvAudioTag;
import io.onair.media.flv.FlvVideoTag;
import io.onair.media.flv.VideoFrameType;
import io.onair.media.flv.VideoPacketType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A publication's frames as an RTMP publisher sends them: FLV tag bodies (FLV spec v10.1 E.4.2 audio, E.4.3 video),
 * {@code onMetaData} and the sequence headers (avcC, AudioSpecificConfig) before the first frame of each track and
 * again whenever its configuration changes, so a destination can decode from the first frame it gets and follows a
 * mid-stream resolution change. Pure: no I/O; one instance per connection, fed in order.
 *
 * <p>Timestamps are milliseconds from the first frame sent, a video keyframe (a reader starts at the cached GOP's)
 * or audio: a destination sees the stream start at 0 as from OBS, on every reconnection. Audio from before that
 * point (the interleaving puts a few frames there) is left out rather than stamped negative; video waits for a
 * keyframe. Composition offsets are
 * the difference of the rounded PTS and DTS, so a B-frame's presentation time stays exact to the millisecond.
 */
final class FlvFrames {
    /** Where the bodies go: an {@code RtmpPushClient} in production, a list in tests. */
    interface Sink {
        void metadata(Map<String, Object> values);

        void video(long timestampMs, byte[] body);

        void audio(long timestampMs, byte[] body);
    }

    private final Sink sink;
    private boolean started;
    private long base;
    private VideoConfig video;
    private AudioConfig audio;

    FlvFrames(Sink sink) {
        this.sink = sink;
    }

    /** True once a frame has been sent: the connection carries a decodable stream. */
    boolean started() {
        return started;
    }

    void write(MediaFrame frame) {
        switch (frame) {
            case VideoFrame v -> video(v);
            case AudioFrame a -> audio(a);
        }
    }

    private void video(VideoFrame frame) {
        if (frame.config().codec() != VideoCodec.H264) {
            return; // the ingest refuses the others before they reach a publication
        }
        if (video == null && !frame.keyframe()) {
            return; // video starts at a keyframe, also when audio started the clock
        }
        if (!started) {
            start(frame.dts());
        }
        long dtsMs = millis(frame.dts());
        if (!frame.config().equals(video)) {
            video = frame.config();
            metadata();
            sink.video(dtsMs, new FlvVideoTag(VideoFrameType.KEY, video.codec(), VideoPacketType.SEQUENCE_START, 0,
                    false, video.decoderConfig()).encode());
        }
        int cts = (int) (millis(frame.pts()) - dtsMs);
        sink.video(dtsMs, new FlvVideoTag(frame.keyframe() ? VideoFrameType.KEY : VideoFrameType.INTER, video.codec(),
                VideoPacketType.CODED_FRAMES, cts, false, frame.data()).encode());
    }

    private void audio(AudioFrame frame) {
        if (!started) {
            start(frame.dts());
        }
        if (frame.dts() < base) {
            return;
        }
        long ms = millis(frame.dts());
        if (!frame.config().equals(audio)) {
            audio = frame.config();
            sink.audio(ms, new FlvAudioTag(0xF, true, false, audio.decoderConfig()).encode());
        }
        sink.audio(ms, new FlvAudioTag(0xF, false, false, frame.data()).encode());
    }

    private void start(long dts) {
        started = true;
        base = dts;
    }

    private long millis(long ticks90k) {
        return Math.max(0, Math.floorDiv(ticks90k - base, 90)) & 0xFFFF_FFFFL;
    }

    /**
     * Before each video sequence header, as OBS sends it: the picture size for the destination's player and
     * recorder (and the audio, once it has been seen; a destination takes the audio's truth from its
     * AudioSpecificConfig anyway).
     */
    private void metadata() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("width", (double) video.width());
        m.put("height", (double) video.height());
        m.put("videocodecid", 7.0); // FLV CodecID 7: AVC
        if (audio != null) {
            m.put("audiocodecid", 10.0); // FLV SoundFormat 10: AAC
            m.put("audiosamplerate", (double) audio.sampleRate());
            m.put("audiochannels", (double) audio.channels());
        }
        m.put("encoder", "Onair");
        sink.metadata(m);
    }
}
