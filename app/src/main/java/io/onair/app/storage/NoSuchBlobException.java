package io.onair.app.storage;

/**
 * {@link BlobStore#open} on a key that does not exist. Unchecked: a replay whose segment vanished (a retention sweep
 * ran, someone emptied the bucket) is a 404 for the web layer, not an I/O failure to retry.
 */
public class NoSuchBlobException extends RuntimeException {
    private final String key;

    public NoSuchBlobException(String key) {
        super("no blob with key '" + key + "'");
        this.key = key;
    }

    public String key() {
        return key;
    }
}
