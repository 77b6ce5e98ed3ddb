package io.onair.app.e2e.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A recorded client-to-server RTMP session (C0/C1, C2, then chunks) whose stream key can be swapped.
 *
 * <p>The OBS capture publishes with the key {@code obsfixture} (10 characters), which the server rightly refuses to
 * configure (keys are at least 16 characters). So the replay rewrites the AMF0 string in the command messages that
 * carry it ({@code releaseStream}, {@code FCPublish}, {@code publish}) and the 24-bit message length in their chunk
 * headers. Every byte after {@code publish} is replayed as recorded. The rewrite checks its assumptions about the
 * capture (single-chunk command messages with a type-0/1 header, and the next message on the same chunk stream
 * carrying its own length) and fails loudly if a new capture breaks them.
 */
public final class RtmpCapture {
    /** C0 (1 byte) + C1 (1536) + C2 (1536): the client's handshake, before the first chunk. */
    public static final int HANDSHAKE_BYTES = 1 + 1536 + 1536;
    /** C0 + C1: what the client sends before it reads S0/S1/S2. */
    public static final int C0_C1_BYTES = 1 + 1536;
    /** S0 + S1 + S2. */
    public static final int SERVER_HANDSHAKE_BYTES = 1 + 1536 + 1536;
    private static final int COMMAND_AMF0 = 20;
    private static final int SET_CHUNK_SIZE = 1;
    /** The messages before the media: connect, releaseStream, FCPublish, createStream, publish, metadata. */
    private static final int MAX_MESSAGES_SCANNED = 64;

    private RtmpCapture() {
    }

    public static byte[] withStreamKey(byte[] capture, String recordedKey, String newKey) {
        byte[] oldString = amf0String(recordedKey);
        byte[] newString = amf0String(newKey);
        ByteArrayOutputStream out = new ByteArrayOutputStream(capture.length + 3 * (newString.length - oldString.length));
        out.write(capture, 0, HANDSHAKE_BYTES);
        int pos = HANDSHAKE_BYTES;
        int chunkSize = 128;
        Map<Integer, Integer> lengthByCsid = new HashMap<>();
        Set<Integer> rewrittenCsids = new HashSet<>();
        boolean publishSeen = false;
        for (int messages = 0; messages < MAX_MESSAGES_SCANNED; messages++) {
            int headerStart = pos;
            int first = capture[pos++] & 0xff;
            int fmt = first >>> 6;
            int csid = first & 0x3f;
            if (csid == 0) {
                csid = 64 + (capture[pos++] & 0xff);
            } else if (csid == 1) {
                csid = 64 + (capture[pos] & 0xff) + ((capture[pos + 1] & 0xff) << 8);
                pos += 2;
            }
            if (rewrittenCsids.remove(csid) && fmt > 1) {
                throw new IllegalStateException("capture layout changed: the message after a rewritten command on"
                        + " chunk stream " + csid + " has a type-" + fmt + " header and would inherit its length");
            }
            if (publishSeen && rewrittenCsids.isEmpty()) {
                // Everything from here on, this header included, is replayed as recorded.
                out.write(capture, headerStart, capture.length - headerStart);
                return out.toByteArray();
            }
            int timestamp = -1;
            if (fmt <= 2) {
                timestamp = u24(capture, pos);
                pos += 3;
            }
            int lengthOffset = -1;
            int type = -1;
            if (fmt <= 1) {
                lengthOffset = pos;
                lengthByCsid.put(csid, u24(capture, pos));
                type = capture[pos + 3] & 0xff;
                pos += 4;
            }
            if (fmt == 0) {
                pos += 4; // message stream id
            }
            if (timestamp == 0xffffff) {
                pos += 4; // extended timestamp
            }
            int length = lengthByCsid.getOrDefault(csid, -1);
            if (length < 0 || length > chunkSize || fmt > 1) {
                throw new IllegalStateException("capture layout changed: message " + messages + " at byte "
                        + headerStart + " (fmt " + fmt + ", csid " + csid + ", length " + length
                        + ") is not a single chunk with its own header before publish");
            }
            byte[] body = java.util.Arrays.copyOfRange(capture, pos, pos + length);
            pos += length;
            if (type == SET_CHUNK_SIZE) {
                chunkSize = ((body[0] & 0x7f) << 24) | ((body[1] & 0xff) << 16) | ((body[2] & 0xff) << 8) | (body[3] & 0xff);
            }
            int keyAt = type == COMMAND_AMF0 ? indexOf(body, oldString) : -1;
            if (keyAt < 0) {
                out.write(capture, headerStart, pos - headerStart);
                continue;
            }
            byte[] newBody = new byte[body.length - oldString.length + newString.length];
            System.arraycopy(body, 0, newBody, 0, keyAt);
            System.arraycopy(newString, 0, newBody, keyAt, newString.length);
            System.arraycopy(body, keyAt + oldString.length, newBody, keyAt + newString.length,
                    body.length - keyAt - oldString.length);
            if (newBody.length > chunkSize) {
                throw new IllegalStateException("rewritten command no longer fits one chunk: " + newBody.length);
            }
            byte[] header = java.util.Arrays.copyOfRange(capture, headerStart, pos - length);
            int at = lengthOffset - headerStart;
            header[at] = (byte) (newBody.length >>> 16);
            header[at + 1] = (byte) (newBody.length >>> 8);
            header[at + 2] = (byte) newBody.length;
            out.write(header, 0, header.length);
            out.write(newBody, 0, newBody.length);
            rewrittenCsids.add(csid);
            if (startsWith(body, amf0String("publish"))) {
                publishSeen = true;
            }
        }
        throw new IllegalStateException("no publish command with key '" + recordedKey + "' in the first "
                + MAX_MESSAGES_SCANNED + " messages of the capture");
    }

    static byte[] amf0String(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[3 + utf8.length];
        b[0] = 0x02;
        b[1] = (byte) (utf8.length >>> 8);
        b[2] = (byte) utf8.length;
        System.arraycopy(utf8, 0, b, 3, utf8.length);
        return b;
    }

    private static int u24(byte[] b, int at) {
        return ((b[at] & 0xff) << 16) | ((b[at + 1] & 0xff) << 8) | (b[at + 2] & 0xff);
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        return b.length >= prefix.length && java.util.Arrays.equals(b, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static int indexOf(byte[] b, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= b.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (b[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
