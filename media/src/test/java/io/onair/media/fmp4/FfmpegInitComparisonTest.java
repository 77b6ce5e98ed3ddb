package io.onair.media.fmp4;

import static org.assertj.core.api.Assertions.assertThat;

import io.onair.media.TrackConfig;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Our init segment beside ffmpeg's for the same FLV ({@code ffmpeg -i av.flv -c copy -f mp4 -movflags
 * +frag_keyframe+empty_moov+default_base_moof+cmaf}, its ftyp + moov kept as {@code ffmpeg-init.mp4}), box by box.
 * Equal where it matters to a decoder; every difference is asserted here and explained in the fixture README.
 */
class FfmpegInitComparisonTest {
    private static final FlvFrames FLV = FlvFrames.load("/fmp4/av.flv");

    private final List<Box> ffmpeg = BoxParser.parse(resource("/fmp4/ffmpeg-init.mp4"));
    private final List<Box> ours = BoxParser.parse(Fmp4InitSegment.write(List.<TrackConfig>of(FLV.video(),
            FLV.audio())));

    @Test
    void sameTreeExceptPaspBtrtAndUdta() {
        assertThat(BoxParser.outline(ffmpeg).lines()
                .filter(l -> !l.contains("pasp") && !l.contains("btrt") && !l.contains("udta") && !l.contains("meta"))
                .map(l -> l.substring(0, l.lastIndexOf(' ')))) // sizes differ with those boxes
                .containsExactlyElementsOf(BoxParser.outline(ours).lines()
                        .map(l -> l.substring(0, l.lastIndexOf(' '))).toList());
        assertThat(moov(ffmpeg).child("udta")).isNotNull(); // ffmpeg's encoder tag: no use to a player
    }

    @Test
    void brandsDifferInCmfcAndMinorVersion() {
        Fields theirs = ffmpeg.get(0).fields();
        assertThat(theirs.fourcc()).isEqualTo("iso6");
        assertThat(theirs.u32()).isEqualTo(0x200); // ffmpeg's minor version; ours is 0
        assertThat(List.of(theirs.fourcc(), theirs.fourcc(), theirs.fourcc())).containsExactly("iso6", "cmfc", "mp41");
        // ffmpeg claims cmfc for two tracks in one header, which CMAF (23000-19 §7.3.1) does not allow; we drop it.
        assertThat(Fmp4Reader.read(Fmp4InitSegment.write(List.of(FLV.video(), FLV.audio()))).brands())
                .containsExactly("iso6", "iso6", "mp41");
    }

    @Test
    void identicalBoxes() {
        // mvhd: equal but for next_track_ID, which ffmpeg leaves at 2 with two tracks (§8.2.2.3: it must exceed
        // every track ID in use, so 3).
        byte[] theirMvhd = moov(ffmpeg).child("mvhd").body();
        assertThat(theirMvhd[99]).isEqualTo((byte) 2);
        assertThat(java.util.Arrays.copyOf(moov(ours).child("mvhd").body(), 99)).isEqualTo(java.util.Arrays.copyOf(
                theirMvhd, 99));
        Box ourVideo = moov(ours).children("trak").get(0);
        Box theirVideo = moov(ffmpeg).children("trak").get(0);
        for (String path : List.of("mdia/hdlr", "mdia/minf/vmhd", "mdia/minf/dinf", "mdia/minf/stbl/stts",
                "mdia/minf/stbl/stsc", "mdia/minf/stbl/stsz", "mdia/minf/stbl/stco",
                "mdia/minf/stbl/stsd/avc1/avcC")) {
            assertThat(ourVideo.path(path).body()).as("video " + path).isEqualTo(theirVideo.path(path).body());
        }
        Box ourAudio = moov(ours).children("trak").get(1);
        Box theirAudio = moov(ffmpeg).children("trak").get(1);
        for (String path : List.of("mdia/mdhd", "mdia/hdlr", "mdia/minf/smhd", "mdia/minf/dinf")) {
            assertThat(ourAudio.path(path).body()).as("audio " + path).isEqualTo(theirAudio.path(path).body());
        }
        assertThat(moov(ours).child("mvex").children("trex")).extracting(Box::body)
                .containsExactlyElementsOf(moov(ffmpeg).child("mvex").children("trex").stream().map(Box::body)
                        .toList());
    }

    @Test
    void videoDiffersOnlyInTimescaleAndPasp() {
        Box ourTrak = moov(ours).children("trak").get(0);
        Box theirTrak = moov(ffmpeg).children("trak").get(0);
        assertThat(ourTrak.child("tkhd").body()).isEqualTo(theirTrak.child("tkhd").body());
        // ffmpeg picks 16000 Hz for the FLV's millisecond clock; ours is 90 kHz so frame timestamps stay exact.
        assertThat(timescale(theirTrak)).isEqualTo(16_000);
        assertThat(timescale(ourTrak)).isEqualTo(90_000);
        // avc1 fixed fields (size, resolution, frame count, empty compressor name, depth) are the same.
        Box ourAvc1 = ourTrak.path("mdia/minf/stbl/stsd/avc1");
        Box theirAvc1 = theirTrak.path("mdia/minf/stbl/stsd/avc1");
        assertThat(java.util.Arrays.copyOf(ourAvc1.body(), 78)).isEqualTo(java.util.Arrays.copyOf(theirAvc1.body(),
                78));
        assertThat(theirAvc1.child("pasp").body()).isEqualTo(Samples.hex("00000001 00000001"));
        assertThat(ourAvc1.childTypes()).containsExactly("avcC");
    }

    @Test
    void audioDiffersInChannelCountEsdsEncodingAndAlternateGroup() {
        Box ourTrak = moov(ours).children("trak").get(1);
        Box theirTrak = moov(ffmpeg).children("trak").get(1);
        // tkhd: ffmpeg puts audio in alternate_group 1 (bytes 34-35 of the body); single-track groups need none.
        byte[] theirTkhd = theirTrak.child("tkhd").body().clone();
        assertThat(theirTkhd[35]).isEqualTo((byte) 1);
        theirTkhd[35] = 0;
        assertThat(ourTrak.child("tkhd").body()).isEqualTo(theirTkhd);
        Box ourMp4a = ourTrak.path("mdia/minf/stbl/stsd/mp4a");
        Box theirMp4a = theirTrak.path("mdia/minf/stbl/stsd/mp4a");
        // channelcount: ffmpeg writes the 14496-14 template value 2 for this mono stream; we write the real count.
        assertThat(ourMp4a.fields().skip(16).u16()).isEqualTo(1);
        assertThat(theirMp4a.fields().skip(16).u16()).isEqualTo(2);
        // The AudioSpecificConfig is the same; ffmpeg pads descriptor sizes to 4 bytes and fills in bitrates.
        assertThat(Fmp4Reader.asc(ourMp4a.child("esds"))).isEqualTo(Fmp4Reader.asc(theirMp4a.child("esds")))
                .isEqualTo(FLV.audio().decoderConfig());
        assertThat(theirMp4a.childTypes()).containsExactly("esds", "btrt");
        assertThat(ourMp4a.childTypes()).containsExactly("esds");
    }

    private static Box moov(List<Box> file) {
        return file.get(1);
    }

    private static long timescale(Box trak) {
        return trak.path("mdia/mdhd").fields().skip(12).u32();
    }

    private static byte[] resource(String name) {
        try (InputStream in = FfmpegInitComparisonTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
