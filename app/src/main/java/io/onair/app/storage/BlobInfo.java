package io.onair.app.storage;

/**
 * What {@link BlobStore#stat} knows about an object without reading it: enough for {@code Content-Length},
 * {@code Content-Type} and {@code Content-Range} headers.
 *
 * @param size        bytes
 * @param contentType MIME type, never null ({@code application/octet-stream} when unknown)
 */
public record BlobInfo(long size, String contentType) {
}
