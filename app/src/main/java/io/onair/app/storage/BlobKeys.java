package io.onair.app.storage;

import java.util.regex.Pattern;

/**
 * Key and prefix validation shared by both stores, so that a key accepted by one is accepted by the other and means
 * the same object: no leading {@code /} (absolute on disk), no {@code ..} or {@code .} segment (escapes the root on
 * disk, collapsed by some S3 gateways), no backslash (a separator on Windows), no empty segment ({@code a//b} is
 * {@code a/b} on disk but another key on S3). Also the range check of {@link BlobStore#open}, for the same reason.
 */
final class BlobKeys {
    /** Longer than any key the replay layout makes (~60), well under S3's 1,024 bytes and a file system's PATH_MAX. */
    static final int MAX_LENGTH = 512;

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._/-]*");

    private BlobKeys() {
    }

    /** Returns key when it is valid, else an IllegalArgumentException naming it. */
    static String check(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("invalid blob key '" + key + "': empty");
        }
        checkCommon(key, "key");
        if (key.endsWith("/")) {
            throw new IllegalArgumentException("invalid blob key '" + key + "': empty path segment (trailing '/')");
        }
        return key;
    }

    /** A {@link BlobStore#list} prefix: empty (every key), a key, or a key's start such as {@code replays/42/}. */
    static String checkPrefix(String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("invalid blob key prefix 'null'");
        }
        if (!prefix.isEmpty()) {
            checkCommon(prefix, "key prefix");
        }
        return prefix;
    }

    private static void checkCommon(String key, String what) {
        if (key.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("invalid blob " + what + " '" + key.substring(0, 100) + "…': "
                    + key.length() + " characters, at most " + MAX_LENGTH);
        }
        if (!ALLOWED.matcher(key).matches()) {
            throw new IllegalArgumentException("invalid blob " + what + " '" + key
                    + "': only A-Z, a-z, 0-9, '.', '_', '-' and '/' are allowed");
        }
        if (key.startsWith("/")) {
            throw new IllegalArgumentException("invalid blob " + what + " '" + key + "': must not start with '/'");
        }
        if (key.contains("//")) {
            throw new IllegalArgumentException("invalid blob " + what + " '" + key + "': empty path segment");
        }
        for (String segment : key.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("invalid blob " + what + " '" + key + "': '" + segment
                        + "' segment");
            }
        }
        if (key.contains("..")) {
            // Not a traversal by itself ("a..b"), but refused so that no layer (a proxy, a shell script) ever has
            // to tell the difference.
            throw new IllegalArgumentException("invalid blob " + what + " '" + key + "': must not contain '..'");
        }
    }

    /** {@link BlobStore#open}'s offset and length. */
    static void checkRange(long offset, long length) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, was " + offset);
        }
        if (length < -1) {
            throw new IllegalArgumentException("length must be >= 0, or -1 for the rest of the object, was " + length);
        }
    }
}
