package io.onair.bench.jmh;

import io.onair.bench.flv.FlvFile;
import io.onair.bench.flv.FlvTag;
import io.onair.media.AudioConfig;
import io.onair.media.AudioFrame;
import io.onair.media.MediaFrame;
import io.onair.media.VideoConfig;
import io.onair.media.VideoFrame;
import io.onair.media.flv.FlvDemuxer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The second GOP of the bench input (past the encoder's start-up) as the server's frames: 2 s of 720p30 H.264 at
 * 2.5 Mbit/s (60 video frames) and the AAC frames of the same 2 s, in arrival order, demuxed by the server's own
 * {@link FlvDemuxer}. {@code nextVideoDts} is the dts of the keyframe that ends it.
 */
record Gop(VideoConfig video, AudioConfig audio, List<MediaFrame> frames, long nextVideoDts, long nextAudioDts) {

    static Gop second() throws IOException {
        FlvDemuxer demuxer = new FlvDemuxer();
        List<MediaFrame> frames = new ArrayList<>();
        int keyframes = 0;
        long nextVideo = -1;
        long nextAudio = -1;
        for (FlvTag tag : FlvFile.read(BenchInputs.flv()).tags()) {
            Optional<MediaFrame> f = switch (tag.type()) {
                case FlvTag.VIDEO -> demuxer.video(tag.timestampMs(), tag.body());
                case FlvTag.AUDIO -> demuxer.audio(tag.timestampMs(), tag.body());
                default -> Optional.empty();
            };
            if (f.isEmpty()) {
                continue;
            }
            if (f.get() instanceof VideoFrame v && v.keyframe()) {
                keyframes++;
            }
            if (keyframes == 2) {
                frames.add(f.get());
            } else if (keyframes == 3) {
                if (f.get() instanceof VideoFrame v && nextVideo < 0) {
                    nextVideo = v.dts();
                } else if (f.get() instanceof AudioFrame a && nextAudio < 0) {
                    nextAudio = a.dts();
                }
                if (nextVideo >= 0 && nextAudio >= 0) {
                    break;
                }
            }
        }
        return new Gop(demuxer.videoConfig().orElseThrow(), demuxer.audioConfig().orElseThrow(), List.copyOf(frames),
                nextVideo, nextAudio);
    }

    List<MediaFrame> videoFrames() {
        return frames.stream().filter(f -> f instanceof VideoFrame).toList();
    }

    List<MediaFrame> audioFrames() {
        return frames.stream().filter(f -> f instanceof AudioFrame).toList();
    }

    int bytes() {
        return frames.stream().mapToInt(f -> f instanceof VideoFrame v ? v.data().length
                : ((AudioFrame) f).data().length).sum();
    }
}
