package io.onair.app.restream;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.media.AudioConfig;
import io.onair.media.AudioFrame;
import io.onair.media.VideoCodec;
import io.onair.media.VideoConfig;
import io.onair.media.VideoFrame;
import io.onair.media.aac.AudioSpecificConfig;
import io.onair.media.h264.AvcDecoderConfig;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a destination receives for a publication's frames, byte for byte (FLV spec v10.1 E.4.2.1 AudioTagHeader,
 * E.4.3.1 VideoTagHeader): configs from the OBS 29 capture (x264 High 4.0 1280x720, AAC-LC 48 kHz stereo).
 */
class FlvFramesTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String AVCC = "0164001fffe1001c6764001facd9405005bb016a02020280000003008000001e478c18cb"
            + "01000468efbcb0";
    private static final String ASC = "119056e500";
    private static final VideoConfig VIDEO = AvcDecoderConfig.parse(HEX.parseHex(AVCC));
    private static final AudioConfig AUDIO = AudioSpecificConfig.parse(HEX.parseHex(ASC));
    /** 10 s into the publication: the destination's clock starts at the first keyframe sent, not here. */
    private static final long T0 = 900_000;

    private final List<String> sent = new ArrayList<>();
    private final FlvFrames frames = new FlvFrames(new FlvFrames.Sink() {
        @Override
        public void metadata(Map<String, Object> values) {
            sent.add("meta " + values);
        }

        @Override
        public void video(long timestampMs, byte[] body) {
            sent.add("video " + timestampMs + " " + HEX.formatHex(body));
        }

        @Override
        public void audio(long timestampMs, byte[] body) {
            sent.add("audio " + timestampMs + " " + HEX.formatHex(body));
        }
    });

    @Test
    void startsAtTheFirstKeyframeWithItsSequenceHeadersAndKeepsCompositionOffsets() {
        frames.write(new VideoFrame(VIDEO, T0 - 3000, T0 - 3000, false, HEX.parseHex("0000000141")));
        assertThat(sent).as("nothing before a keyframe: a destination could not decode it").isEmpty();
        assertThat(frames.started()).isFalse();

        // A keyframe shown 66.7 ms after it is decoded (B-frames): CompositionTime 66 (0x42).
        frames.write(new VideoFrame(VIDEO, T0, T0 + 6000, true, HEX.parseHex("0000000165")));
        frames.write(new AudioFrame(AUDIO, T0 - 1800, HEX.parseHex("21")));
        frames.write(new AudioFrame(AUDIO, T0 + 1920, HEX.parseHex("2102")));
        frames.write(new VideoFrame(VIDEO, T0 + 3000, T0 + 3000, false, HEX.parseHex("0000000141")));

        assertThat(sent).containsExactly(
                "meta {width=1280.0, height=720.0, videocodecid=7.0, encoder=Onair}",
                // 0x17: keyframe, AVC; 00: sequence header; CompositionTime 0; the avcC as the ingest got it.
                "video 0 1700000000" + AVCC,
                "video 0 1701000042" + "0000000165",
                // The audio from before the keyframe is left out; the next starts with its AudioSpecificConfig.
                // 0xAF: AAC, 44 kHz, 16-bit, stereo (fixed for AAC); 00 sequence header, 01 raw.
                "audio 21 af00" + ASC,
                "audio 21 af01" + "2102",
                // 0x27: inter frame, AVC.
                "video 33 2701000000" + "0000000141");
        assertThat(frames.started()).isTrue();
    }

    @Test
    void aNewResolutionBringsMetadataAndASequenceHeaderBeforeItsFirstFrame() {
        frames.write(new VideoFrame(VIDEO, T0, T0, true, HEX.parseHex("65")));
        frames.write(new AudioFrame(AUDIO, T0 + 90, HEX.parseHex("21")));
        sent.clear();
        VideoConfig smaller = new VideoConfig(VideoCodec.H264, 640, 360, HEX.parseHex(AVCC), VIDEO.sps(), VIDEO.pps(),
                VIDEO.codecsString());
        frames.write(new VideoFrame(smaller, T0 + 90_000, T0 + 90_000, true, HEX.parseHex("65")));
        assertThat(sent).containsExactly(
                "meta {width=640.0, height=360.0, videocodecid=7.0, audiocodecid=10.0, audiosamplerate=48000.0,"
                        + " audiochannels=2.0, encoder=Onair}",
                "video 1000 1700000000" + AVCC,
                "video 1000 1701000000" + "65");
    }

    @Test
    void audioFirstStartsTheClockAndVideoStillWaitsForAKeyframe() {
        frames.write(new AudioFrame(AUDIO, T0, HEX.parseHex("21")));
        frames.write(new VideoFrame(VIDEO, T0 + 900, T0 + 900, false, HEX.parseHex("41")));
        frames.write(new AudioFrame(AUDIO, T0 + 1920, HEX.parseHex("22")));
        frames.write(new VideoFrame(VIDEO, T0 + 3900, T0 + 3900, true, HEX.parseHex("65")));
        assertThat(sent).containsExactly("audio 0 af00" + ASC, "audio 0 af0121", "audio 21 af0122",
                "meta {width=1280.0, height=720.0, videocodecid=7.0, audiocodecid=10.0, audiosamplerate=48000.0,"
                        + " audiochannels=2.0, encoder=Onair}",
                "video 43 1700000000" + AVCC, "video 43 1701000000" + "65");
    }
}
