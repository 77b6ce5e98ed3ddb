package io.onair.hls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentBytesTest {
    private static final byte[] HEAD = {0, 0, 0, 8, 's', 't', 'y', 'p'};

    private static HlsPart part(int index, byte... data) {
        return new HlsPart(7, index, data, 45_000, index == 0, SegmentBytes.etag("7." + index, data));
    }

    @Test
    void aSegmentOfPartsIsItsHeadThenItsPartsInOrder() {
        SegmentBytes bytes = SegmentBytes.ofParts(HEAD, List.of(part(0, (byte) 1, (byte) 2), part(1, (byte) 3)));

        assertThat(bytes.length()).isEqualTo(11);
        assertThat(bytes.get()).containsExactly(0, 0, 0, 8, 's', 't', 'y', 'p', 1, 2, 3);
        assertThat(bytes.get()).as("assembled once, then kept").isSameAs(bytes.get());
    }

    @Test
    void theLengthIsKnownBeforeTheBytesAreAssembled() {
        SegmentBytes bytes = SegmentBytes.ofParts(HEAD, List.of(part(0, new byte[150_000]), part(1, new byte[90])));

        assertThat(bytes.length()).isEqualTo(HEAD.length + 150_090);
        assertThat(bytes.toString()).isEqualTo("150098 B in 2 parts");
    }

    @Test
    void anArrayIsServedAsItIsAndTaggedByItsCrc() {
        byte[] data = {9, 8, 7};
        SegmentBytes bytes = SegmentBytes.of(data);

        assertThat(bytes.get()).isSameAs(data);
        assertThat(bytes.length()).isEqualTo(3);
        // CRC-32C of 09 08 07 (RFC 3720 polynomial), as java.util.zip.CRC32C computes it
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(data);
        assertThat(bytes.etag(12)).isEqualTo("12-" + String.format("%08x", crc.getValue()));
    }

    @Test
    void theEtagOfPartsChangesWithAnyByteOfAnyPartAndNotOtherwise() {
        String tag = SegmentBytes.ofParts(HEAD, List.of(part(0, (byte) 1, (byte) 2), part(1, (byte) 3))).etag(7);

        assertThat(SegmentBytes.ofParts(HEAD, List.of(part(0, (byte) 1, (byte) 2), part(1, (byte) 3))).etag(7))
                .isEqualTo(tag);
        assertThat(SegmentBytes.ofParts(HEAD, List.of(part(0, (byte) 1, (byte) 2), part(1, (byte) 4))).etag(7))
                .isNotEqualTo(tag);
        assertThat(SegmentBytes.ofParts(HEAD, List.of(part(0, (byte) 1, (byte) 5), part(1, (byte) 3))).etag(7))
                .isNotEqualTo(tag);
        byte[] otherHead = HEAD.clone();
        otherHead[7] = 'q';
        assertThat(SegmentBytes.ofParts(otherHead, List.of(part(0, (byte) 1, (byte) 2), part(1, (byte) 3))).etag(7))
                .isNotEqualTo(tag);
        assertThat(tag).startsWith("7-").hasSize(10);
    }
}
