/**
 * End-to-end tests of the application: the real server, started in-process once ({@link
 * io.onair.app.e2e.LiveServerTest}: HTTP and RTMP on free ports, a channel and static key per test class), driven by
 * clients nobody here wrote: ffmpeg and GStreamer publish over RTMP, ffprobe reads the HLS output, headless
 * Chromium plays the watch page, and the bytes of a real OBS session are replayed over TCP.
 *
 * <p>They need {@code ffmpeg}, GStreamer ({@code gstreamer1.0-tools}, {@code -plugins-good/-bad/-ugly},
 * {@code -libav}) and {@code chromium} + {@code chromium-driver} at {@code /usr/bin}; a missing tool fails the
 * test (CI's {@code .ci/run} installs them). Every wait polls with a deadline ({@code support.Poll}), every external
 * process is bounded and destroyed on teardown, and failures carry the process output, the playlist history or the
 * browser console. Streams are short (1–8 s of media) and each class publishes once and asserts several
 * properties of what it observed.
 */
package io.onair.app.e2e;
