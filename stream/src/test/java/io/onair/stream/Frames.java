package io.onair.stream;

import io.onair.media.AudioCodec;
import io.onair.media.AudioConfig;
import io.onair.media.AudioFrame;
import io.onair.media.VideoCodec;
import io.onair.media.VideoConfig;
import io.onair.media.VideoFrame;
import java.util.List;

/** Test frames: a 1280x720 H.264 config, a 48 kHz stereo AAC-LC config, frames of a given size and timestamp. */
public final class Frames {
    public static final VideoConfig VIDEO = video(1280, 720);
    public static final AudioConfig AUDIO = audio(48_000);

    private Frames() {
    }

    public static VideoConfig video(int width, int height) {
        byte[] sps = {0x67, 0x64, 0x00, 0x1f, (byte) width, (byte) height};
        byte[] pps = {0x68, (byte) 0xee, 0x3c, (byte) 0x80};
        byte[] avcc = {1, 0x64, 0x00, 0x1f, (byte) 0xff, (byte) (width >> 8), (byte) width, (byte) (height >> 8),
            (byte) height};
        return new VideoConfig(VideoCodec.H264, width, height, avcc, List.of(sps), List.of(pps), "avc1.64001f");
    }

    public static AudioConfig audio(int sampleRate) {
        // AudioSpecificConfig for AAC-LC stereo; the rate index bits differ per rate so configs compare unequal.
        byte[] asc = {0x11, (byte) (0x90 ^ (sampleRate & 0x7f))};
        return new AudioConfig(AudioCodec.AAC, 2, sampleRate, 2, 1024, asc, "mp4a.40.2");
    }

    public static VideoFrame key(long dts) {
        return new VideoFrame(VIDEO, dts, dts, true, new byte[1000]);
    }

    public static VideoFrame delta(long dts) {
        return new VideoFrame(VIDEO, dts, dts, false, new byte[100]);
    }

    public static VideoFrame video(VideoConfig config, long dts, boolean key, int bytes) {
        return new VideoFrame(config, dts, dts, key, new byte[bytes]);
    }

    public static AudioFrame aac(long dts) {
        return new AudioFrame(AUDIO, dts, new byte[10]);
    }

    public static AudioFrame aac(AudioConfig config, long dts) {
        return new AudioFrame(config, dts, new byte[10]);
    }

    /** 90 kHz ticks of {@code millis}. */
    public static long ms(long millis) {
        return millis * 90;
    }
}
