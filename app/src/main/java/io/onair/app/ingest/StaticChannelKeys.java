package io.onair.app.ingest;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Stream keys from {@code onair.ingest.keys}. When none are configured, keys are generated once and kept in
 * {@code <data-dir>/stream-keys.properties} (owner-readable only), so a restart does not change what the streamer
 * typed into OBS.
 */
public final class StaticChannelKeys implements ChannelKeys {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> keysByChannel;

    public StaticChannelKeys(Map<String, String> keysByChannel) {
        this.keysByChannel = Collections.unmodifiableMap(new LinkedHashMap<>(keysByChannel));
    }

    /**
     * The configured keys, or else the generated keys of {@code channels} kept in {@code file} (created as needed).
     */
    public static StaticChannelKeys configuredOrGenerated(Map<String, String> configured, Path file, Set<String> channels) {
        Map<String, String> keys = new LinkedHashMap<>(configured);
        Set<String> missing = new java.util.LinkedHashSet<>(channels);
        missing.removeAll(keys.keySet());
        if (missing.isEmpty()) {
            return new StaticChannelKeys(keys);
        }
        Properties stored = load(file);
        boolean changed = false;
        for (String channel : missing) {
            String key = stored.getProperty(channel);
            if (key == null) {
                key = newKey();
                stored.setProperty(channel, key);
                changed = true;
            }
            keys.put(channel, key);
        }
        if (changed) {
            store(file, stored);
        }
        return new StaticChannelKeys(keys);
    }

    /** 24 random bytes, URL-safe: 192 bits, far beyond guessing over a rate-limited RTMP handshake. */
    public static String newKey() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public Optional<String> channelForKey(String streamKey) {
        byte[] offered = streamKey.getBytes(StandardCharsets.UTF_8);
        String found = null;
        // Every key is compared, in constant time each, so timing does not reveal which prefix matched.
        for (Map.Entry<String, String> e : keysByChannel.entrySet()) {
            if (MessageDigest.isEqual(offered, e.getValue().getBytes(StandardCharsets.UTF_8))) {
                found = e.getKey();
            }
        }
        return Optional.ofNullable(found);
    }

    @Override
    public Set<String> channels() {
        return keysByChannel.keySet();
    }

    @Override
    public Optional<String> keyOf(String channel) {
        return Optional.ofNullable(keysByChannel.get(channel));
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read stream keys from " + file + ": " + e.getMessage(), e);
            }
        }
        return p;
    }

    private static void store(Path file, Properties p) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "Onair stream keys generated because onair.ingest.keys is empty. Keep this file secret.");
            }
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // Not a POSIX file system: the directory's permissions apply.
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write stream keys to " + file + ": " + e.getMessage(), e);
        }
    }
}
