package io.onair.transcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onair.media.MediaFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FlvStreamTest {
    static final HexFormat HEX = HexFormat.of();

    static byte[] write(boolean audio, boolean video, FlvTag... tags) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FlvStreamWriter w = new FlvStreamWriter(out);
        w.writeHeader(audio, video);
        for (FlvTag t : tags) {
            w.writeTag(t);
        }
        w.flush();
        return out.toByteArray();
    }

    @Test
    void headerAndTagsAsTheSpecLaysThemOut() throws Exception {
        // Header: "FLV", version 1, flags (video 0x01), header size 9, PreviousTagSize0. A tag: type, 24-bit size,
        // 24-bit timestamp + extended byte (here 0x01 of 0x01020304), stream id 0, body, PreviousTagSize (11 + 3).
        byte[] bytes = write(false, true, new FlvTag(FlvTag.VIDEO, 0x01020304L, new byte[] {0x17, 0x01, 0x00}));
        assertThat(HEX.formatHex(bytes)).isEqualTo("464c5601010000000900000000"
                + "09000003020304010000001701000000000e");
        assertThat(HEX.formatHex(write(true, true))).isEqualTo("464c5601050000000900000000");
    }

    @Test
    void roundTrip() throws Exception {
        FlvTag script = new FlvTag(FlvTag.SCRIPT, 0, FlvStreamWriter.metadata(Map.of("width", 640.0)));
        FlvTag video = new FlvTag(FlvTag.VIDEO, 10_033, new byte[] {0x27, 0x01, 0, 0, 0x21, 1, 2, 3});
        FlvTag late = new FlvTag(FlvTag.VIDEO, 0xFFFF_FFFFL, new byte[] {0x27});
        FlvStreamReader r = new FlvStreamReader(new ByteArrayInputStream(write(false, true, script, video, late)));
        assertThat(r.next()).contains(script);
        assertThat(r.next()).contains(video);
        assertThat(r.next()).contains(late);
        assertThat(r.next()).isEqualTo(Optional.empty());
    }

    @Test
    void metadataIsAnAmf0EcmaArrayOfNumbers() {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("width", 640.0);
        assertThat(HEX.formatHex(FlvStreamWriter.metadata(values))).isEqualTo(
                "02000a6f6e4d65746144617461" // string "onMetaData"
                + "0800000001" // ECMA array of 1
                + "0005776964746800" + "4084000000000000" // "width": number 640
                + "000009"); // object end
    }

    @Test
    void truncatedAndMalformedStreamsFailWithTheirOwnExceptions() throws Exception {
        byte[] ok = write(false, true, new FlvTag(FlvTag.VIDEO, 0, new byte[] {1, 2, 3}));
        byte[] cut = java.util.Arrays.copyOf(ok, ok.length - 5);
        FlvStreamReader r = new FlvStreamReader(new ByteArrayInputStream(cut));
        assertThatThrownBy(r::next).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> new FlvStreamReader(new ByteArrayInputStream("RIFF0000000000".getBytes())).next())
                .isInstanceOf(MediaFormatException.class).hasMessage("not an FLV stream (no 'FLV' signature)");
        byte[] huge = ok.clone();
        huge[13 + 1] = 0x7F; // DataSize 0x7F0003
        assertThatThrownBy(() -> new FlvStreamReader(new ByteArrayInputStream(huge)).next())
                .isInstanceOf(MediaFormatException.class).hasMessageContaining("above the 4194304-byte limit");
    }
}
