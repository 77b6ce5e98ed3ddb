package io.onair.media.h264;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/** Loads src/test/resources/h264/parameter-sets.txt: real x264 parameter sets by name and type. */
public final class H264Fixtures {
    private static final Map<String, byte[]> SETS = load();

    private H264Fixtures() {
    }

    public static byte[] get(String name, String type) {
        return Objects.requireNonNull(SETS.get(name + " " + type), name + " " + type).clone();
    }

    private static Map<String, byte[]> load() {
        Map<String, byte[]> sets = new HashMap<>();
        try (var in = H264Fixtures.class.getResourceAsStream("/h264/parameter-sets.txt");
             var reader = new BufferedReader(new InputStreamReader(Objects.requireNonNull(in), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                sets.put(f[0] + " " + f[1], HexFormat.of().parseHex(f[2]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sets;
    }
}
