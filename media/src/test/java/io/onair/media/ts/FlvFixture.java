package io.onair.media.ts;

import io.onair.media.AudioConfig;
import io.onair.media.AudioFrame;
import io.onair.media.MediaFrame;
import io.onair.media.Timebase;
import io.onair.media.VideoConfig;
import io.onair.media.VideoFrame;
import io.onair.media.aac.AudioSpecificConfig;
import io.onair.media.h264.AvcDecoderConfig;
import io.onair.media.h264.Nalus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Reads an ffmpeg-written FLV (video_file_format_spec_v10, E.4) into the frames RTMP ingest would produce: the
 * avcC and AudioSpecificConfig from the sequence headers, AVCC frames with DTS and PTS = DTS + composition time.
 */
final class FlvFixture {
    final VideoConfig video;
    final AudioConfig audio;
    final List<MediaFrame> frames;

    private FlvFixture(VideoConfig video, AudioConfig audio, List<MediaFrame> frames) {
        this.video = video;
        this.audio = audio;
        this.frames = frames;
    }

    static FlvFixture load(String resource) {
        byte[] flv;
        try (InputStream in = Objects.requireNonNull(FlvFixture.class.getResourceAsStream(resource), resource)) {
            flv = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        VideoConfig video = null;
        AudioConfig audio = null;
        int lengthSize = 4;
        List<MediaFrame> frames = new ArrayList<>();
        int p = (flv[5] & 0xFF) << 24 | (flv[6] & 0xFF) << 16 | (flv[7] & 0xFF) << 8 | flv[8] & 0xFF;
        p += 4; // PreviousTagSize0
        while (p + 11 <= flv.length) {
            int type = flv[p] & 0x1F;
            int size = u24(flv, p + 1);
            long ms = u24(flv, p + 4) | (flv[p + 7] & 0xFFL) << 24;
            byte[] body = Arrays.copyOfRange(flv, p + 11, p + 11 + size);
            p += 11 + size + 4;
            long dts = Timebase.millisToMpeg(ms);
            if (type == 9 && (body[0] & 0x0F) == 7) {
                byte[] payload = Arrays.copyOfRange(body, 5, body.length);
                if (body[1] == 0) {
                    lengthSize = AvcDecoderConfig.lengthSize(payload);
                    video = AvcDecoderConfig.parse(payload);
                } else if (body[1] == 1) {
                    int cts = u24(body, 2) << 8 >> 8; // signed 24-bit composition time, ms
                    boolean key = (body[0] & 0xF0) == 0x10;
                    frames.add(new VideoFrame(video, dts, dts + Timebase.millisToMpeg(cts), key,
                            Nalus.toLength4(payload, lengthSize)));
                }
            } else if (type == 8 && (body[0] & 0xF0) == 0xA0) {
                byte[] payload = Arrays.copyOfRange(body, 2, body.length);
                if (body[1] == 0) {
                    audio = AudioSpecificConfig.parse(payload);
                } else {
                    frames.add(new AudioFrame(audio, dts, payload));
                }
            }
        }
        return new FlvFixture(video, audio, frames);
    }

    private static int u24(byte[] b, int p) {
        return (b[p] & 0xFF) << 16 | (b[p + 1] & 0xFF) << 8 | b[p + 2] & 0xFF;
    }
}
