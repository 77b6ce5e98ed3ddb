package io.onair.media.fmp4;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A strict ISOBMFF box-tree reader for tests (ISO/IEC 14496-12 §4.2): every box must fit its parent exactly, and
 * sizes 0 (to end of file) and 1 (64-bit) are refused because this package never writes them. Containers are
 * parsed recursively; sample entries after their fixed fields.
 */
final class BoxParser {
    private static final Set<String> CONTAINERS = Set.of("moov", "trak", "mdia", "minf", "dinf", "stbl", "mvex",
            "moof", "traf", "edts", "udta");
    /** Boxes whose children follow a fixed prefix: FullBox + entry count, or a sample entry's fixed fields. */
    private static final Map<String, Integer> PREFIXED = Map.of("stsd", 8, "dref", 8, "avc1", 78, "mp4a", 28);

    private BoxParser() {
    }

    static List<Box> parse(byte[] file) {
        return parse(file, 0, file.length);
    }

    private static List<Box> parse(byte[] file, int from, int to) {
        List<Box> boxes = new ArrayList<>();
        int p = from;
        while (p < to) {
            if (to - p < 8) {
                throw new IllegalStateException(to - p + " stray bytes at " + p);
            }
            long size = (file[p] & 0xFFL) << 24 | (file[p + 1] & 0xFF) << 16 | (file[p + 2] & 0xFF) << 8
                    | file[p + 3] & 0xFF;
            String type = new String(file, p + 4, 4, StandardCharsets.ISO_8859_1);
            if (size < 8 || size > to - p) {
                throw new IllegalStateException("box '" + type + "' at " + p + " has size " + size + ", "
                        + (to - p) + " bytes left in its parent");
            }
            int end = p + (int) size;
            List<Box> children = List.of();
            if (CONTAINERS.contains(type)) {
                children = parse(file, p + 8, end);
            } else if (PREFIXED.containsKey(type)) {
                int prefix = PREFIXED.get(type);
                if (size < 8 + prefix) {
                    throw new IllegalStateException("'" + type + "' at " + p + " is shorter than its fixed fields");
                }
                children = parse(file, p + 8 + prefix, end);
            }
            boxes.add(new Box(type, p, Arrays.copyOfRange(file, p + 8, end), children));
            p = end;
        }
        return boxes;
    }

    /** An indented outline ("moov 1222" / "  mvhd 108"), for failure messages and the README. */
    static String outline(List<Box> boxes) {
        StringBuilder out = new StringBuilder();
        outline(boxes, "", out);
        return out.toString();
    }

    private static void outline(List<Box> boxes, String indent, StringBuilder out) {
        for (Box box : boxes) {
            out.append(indent).append(box.type()).append(' ').append(box.size()).append('\n');
            outline(box.children(), indent + "  ", out);
        }
    }
}
