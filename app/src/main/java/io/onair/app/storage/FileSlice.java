package io.onair.app.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;

/**
 * [from, from+length) of a file as a request body for {@link S3BlobStore}: a fresh stream each time the SDK asks
 * (it reads a body once to sign it over plain HTTP, then to send it, and again on each retry). Whether the SDK closes
 * the streams it is handed is not documented, so each new one closes the one before, and {@link #close} the last.
 */
final class FileSlice implements ContentStreamProvider, AutoCloseable {
    private final Path file;
    private final long from;
    private final long length;
    private InputStream current;

    FileSlice(Path file, long from, long length) {
        this.file = file;
        this.from = from;
        this.length = length;
    }

    @Override
    public synchronized InputStream newStream() {
        try {
            closeCurrent();
            InputStream in = Files.newInputStream(file);
            try {
                in.skipNBytes(from);
            } catch (IOException e) {
                in.close();
                throw e;
            }
            current = new BoundedInputStream(in, length);
            return current;
        } catch (IOException e) {
            throw SdkClientException.create("cannot read " + file, e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closeCurrent();
    }

    private void closeCurrent() throws IOException {
        if (current != null) {
            InputStream in = current;
            current = null;
            in.close();
        }
    }
}
