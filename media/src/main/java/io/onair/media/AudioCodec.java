package io.onair.media;

/** Audio codecs the ingest recognises. */
public enum AudioCodec {
    AAC
}
