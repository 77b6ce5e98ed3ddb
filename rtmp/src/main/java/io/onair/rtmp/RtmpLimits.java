package io.onair.rtmp;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits one RTMP connection is held to; each default carries its reason.
 *
 * @param maxMessageSize       largest message accepted. Default 8 MiB: a 50 Mbps 2160p keyframe is 2-4 MiB, so
 *                             twice that leaves room for the heaviest encoder settings while a hostile peer cannot
 *                             declare a 16 MiB message per chunk stream
 * @param maxChunkSize         largest Set Chunk Size accepted from a peer. Default 0xFFFFFF (16 MiB), the RTMP
 *                             spec's maximum in practice (the message length field is 24 bits); OBS uses 4096
 * @param maxChunkStreams      chunk streams one connection may open. Default 64: OBS, ffmpeg and GStreamer use 3-6
 * @param handshakeTimeout     time from accept to a completed handshake. Default 10 s: a real client needs one round
 *                             trip; this drops port scanners and half-open sockets
 * @param publishTimeout       time from accept to an accepted {@code publish}. Default 30 s: OBS publishes within
 *                             a second; idle connections holding a slot are dropped
 * @param readIdleTimeout      silence after which a connection is dropped. Default 10 s: an encoder sends audio or
 *                             video many times a second, and a dead session must not hold its stream key while
 *                             OBS reconnects (nginx-rtmp #1152: "already publishing" for minutes)
 * @param maxConnections       open RTMP connections in total. Default 1000: far beyond the publishers one box can
 *                             package, low enough that a flood of sockets cannot exhaust memory
 */
public record RtmpLimits(
        int maxMessageSize,
        int maxChunkSize,
        int maxChunkStreams,
        Duration handshakeTimeout,
        Duration publishTimeout,
        Duration readIdleTimeout,
        int maxConnections) {

    public static final int CHUNK_SIZE_CEILING = 0xFFFFFF;

    public RtmpLimits {
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(publishTimeout, "publishTimeout");
        Objects.requireNonNull(readIdleTimeout, "readIdleTimeout");
        if (maxMessageSize < 1024 || maxMessageSize > 0xFFFFFF) {
            throw new IllegalArgumentException("maxMessageSize " + maxMessageSize
                    + " must be within 1024..16777215 (RTMP's message length is 24 bits)");
        }
        if (maxChunkSize < 128 || maxChunkSize > CHUNK_SIZE_CEILING) {
            throw new IllegalArgumentException("maxChunkSize " + maxChunkSize
                    + " must be within 128 (RTMP's default) .. 16777215");
        }
        if (maxChunkStreams < 4 || maxChunkStreams > 65_597) {
            throw new IllegalArgumentException("maxChunkStreams " + maxChunkStreams
                    + " must be within 4 (control, command, audio, video) .. 65597 (ids 2..65599)");
        }
        positive("handshakeTimeout", handshakeTimeout);
        positive("publishTimeout", publishTimeout);
        positive("readIdleTimeout", readIdleTimeout);
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections " + maxConnections + " must be at least 1");
        }
    }

    public static RtmpLimits defaults() {
        return new RtmpLimits(8 * 1024 * 1024, CHUNK_SIZE_CEILING, 64, Duration.ofSeconds(10),
                Duration.ofSeconds(30), Duration.ofSeconds(10), 1000);
    }

    private static void positive(String name, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " " + d + " must be positive");
        }
    }

    public RtmpLimits withMaxMessageSize(int value) {
        return new RtmpLimits(value, maxChunkSize, maxChunkStreams, handshakeTimeout, publishTimeout,
                readIdleTimeout, maxConnections);
    }

    public RtmpLimits withTimeouts(Duration handshake, Duration publish, Duration readIdle) {
        return new RtmpLimits(maxMessageSize, maxChunkSize, maxChunkStreams, handshake, publish, readIdle,
                maxConnections);
    }

    public RtmpLimits withMaxConnections(int value) {
        return new RtmpLimits(maxMessageSize, maxChunkSize, maxChunkStreams, handshakeTimeout, publishTimeout,
                readIdleTimeout, value);
    }
}
