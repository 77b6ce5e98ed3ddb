package io.onair.media.fmp4;

import java.util.List;

/**
 * One box of a parsed ISOBMFF file (test side): its type, where it starts in the file, its body after the 8-byte
 * header (a FullBox body starts with version and flags), and its children when it is a container.
 */
record Box(String type, int offset, byte[] body, List<Box> children) {
    int size() {
        return 8 + body.length;
    }

    /** The only child of that type; fails if there is none or more than one. */
    Box child(String childType) {
        List<Box> matches = children(childType);
        if (matches.size() != 1) {
            throw new IllegalStateException(type + " has " + matches.size() + " " + childType + " boxes, expected 1");
        }
        return matches.get(0);
    }

    List<Box> children(String childType) {
        return children.stream().filter(b -> b.type.equals(childType)).toList();
    }

    /** A descendant by a slash-separated path of single children, e.g. {@code "mdia/minf/stbl/stsd"}. */
    Box path(String path) {
        Box box = this;
        for (String step : path.split("/")) {
            box = box.child(step);
        }
        return box;
    }

    List<String> childTypes() {
        return children.stream().map(Box::type).toList();
    }

    Fields fields() {
        return new Fields(body, type);
    }
}
