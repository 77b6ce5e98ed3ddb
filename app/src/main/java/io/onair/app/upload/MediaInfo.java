package io.onair.app.upload;

import java.time.Duration;

/**
 * What ffprobe says of an uploaded file, as far as transcoding it needs.
 *
 * @param container  ffprobe's long name of the container ("QuickTime / MOV", "Matroska / WebM")
 * @param extension  the stored file's extension, from the container ({@code mp4}, {@code mov}, {@code mkv}…)
 * @param width      the picture as displayed: rotation applied, non-square pixels stretched
 * @param frameRate  frames per second as ffmpeg's {@code fps} filter takes it ({@code 30000/1001}), within 1..60
 * @param fps        the same as a number
 * @param audio      the file has an audio stream (the first one is used)
 */
public record MediaInfo(String container, String extension, Duration duration, String videoCodec, int width,
        int height, String frameRate, double fps, boolean audio) {
}
