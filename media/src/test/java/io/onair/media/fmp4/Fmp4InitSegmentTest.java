package io.onair.media.fmp4;

import static io.onair.media.fmp4.Samples.ASC;
import static io.onair.media.fmp4.Samples.AUDIO;
import static io.onair.media.fmp4.Samples.AVCC;
import static io.onair.media.fmp4.Samples.VIDEO;
import static io.onair.media.fmp4.Samples.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onair.media.AudioCodec;
import io.onair.media.AudioConfig;
import io.onair.media.MediaFormatException;
import io.onair.media.TrackConfig;
import io.onair.media.VideoCodec;
import io.onair.media.VideoConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden init segments, written out box by box from ISO/IEC 14496-12/-14/-15, and read back field by field. */
class Fmp4InitSegmentTest {
    static final String FTYP_CMAF = "0000001c 66747970 69736f36 00000000 69736f36 636d6663 6d703431";
    static final String MATRIX = "00010000 00000000 00000000 00000000 00010000 00000000 00000000 00000000 40000000";
    static final String MVHD = "0000006c 6d766864 00000000" // version 0
            + "00000000 00000000 000003e8 00000000"               // created, modified, timescale 1000, duration 0
            + "00010000 0100 0000 00000000 00000000" + MATRIX     // rate 1.0, volume 1.0, reserved
            + "000000000000000000000000000000000000000000000000 00000002"; // pre_defined, next_track_ID
    static final String DINF = "00000024 64696e66 0000001c 64726566 00000000 00000001 0000000c 75726c20 00000001";
    static final String EMPTY_TABLES = "00000010 73747473 00000000 00000000" // stts
            + "00000010 73747363 00000000 00000000"                            // stsc
            + "00000014 7374737a 00000000 00000000 00000000"                   // stsz
            + "00000010 7374636f 00000000 00000000";                           // stco
    static final String TREX = "00000028 6d766578 00000020 74726578 00000000 00000001 00000001 00000000 00000000"
            + "00000000";

    static final String VIDEO_INIT = FTYP_CMAF
            + "0000027a 6d6f6f76" + MVHD
            + "000001de 7472616b"
            + "0000005c 746b6864 00000003 00000000 00000000 00000001 00000000 00000000" // enabled|in_movie, id 1
            + "0000000000000000 0000 0000 0000 0000" + MATRIX + "05000000 02d00000"    // volume 0, 1280x720
            + "0000017a 6d646961"
            + "00000020 6d646864 00000000 00000000 00000000 00015f90 00000000 55c4 0000" // 90000, und
            + "0000002d 68646c72 00000000 00000000 76696465 000000000000000000000000"
            + "566964656f48616e646c657200"                                               // "VideoHandler\0"
            + "00000125 6d696e66"
            + "00000014 766d6864 00000001 0000000000000000" + DINF
            + "000000e5 7374626c 00000099 73747364 00000000 00000001"
            + "00000089 61766331 000000000000 0001 00000000000000000000000000000000"
            + "0500 02d0 00480000 00480000 00000000 0001"                                // 1280x720, 72 dpi
            + "0000000000000000000000000000000000000000000000000000000000000000 0018 ffff"
            + "00000033 61766343" + AVCC
            + EMPTY_TABLES + TREX;

    static final String AUDIO_INIT = FTYP_CMAF
            + "0000023b 6d6f6f76" + MVHD
            + "0000019f 7472616b"
            + "0000005c 746b6864 00000003 00000000 00000000 00000001 00000000 00000000"
            + "0000000000000000 0000 0000 0100 0000" + MATRIX + "00000000 00000000"    // volume 1.0, no size
            + "0000013b 6d646961"
            + "00000020 6d646864 00000000 00000000 00000000 0000bb80 00000000 55c4 0000" // 48000, und
            + "0000002d 68646c72 00000000 00000000 736f756e 000000000000000000000000"
            + "536f756e6448616e646c657200"                                               // "SoundHandler\0"
            + "000000e6 6d696e66"
            + "00000010 736d6864 00000000 00000000" + DINF
            + "000000aa 7374626c 0000005e 73747364 00000000 00000001"
            + "0000004e 6d703461 000000000000 0001 0000000000000000"
            + "0002 0010 0000 0000 bb800000"                                  // 2 channels, 16 bit, 48000 Hz
            + "0000002a 65736473 00000000"
            + "03 1c 0001 00"                                                 // ES_Descriptor: ES_ID 1
            + "04 14 40 15 000000 00000000 00000000"                          // MPEG-4 audio stream, rates unknown
            + "05 05" + ASC                                                   // DecoderSpecificInfo
            + "06 01 02"                                                      // SLConfigDescriptor
            + EMPTY_TABLES + TREX;

    @Test
    void videoInitSegmentIsTheGoldenBytes() {
        assertThat(Fmp4InitSegment.write(List.of(VIDEO))).isEqualTo(hex(VIDEO_INIT));
    }

    @Test
    void audioInitSegmentIsTheGoldenBytes() {
        assertThat(Fmp4InitSegment.write(List.of(AUDIO))).isEqualTo(hex(AUDIO_INIT));
    }

    @Test
    void goldenBytesParseBackToTheConfigs() {
        ParsedFile video = Fmp4Reader.read(hex(VIDEO_INIT));
        assertThat(video.brands()).containsExactly("iso6", "iso6", "cmfc", "mp41");
        assertThat(video.tracks()).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo(1);
            assertThat(t.handler()).isEqualTo("vide");
            assertThat(t.sampleEntry()).isEqualTo("avc1");
            assertThat(t.timescale()).isEqualTo(90_000);
            assertThat(t.width()).isEqualTo(1280);
            assertThat(t.height()).isEqualTo(720);
            assertThat(t.decoderConfig()).isEqualTo(VIDEO.decoderConfig());
        });
        ParsedFile audio = Fmp4Reader.read(hex(AUDIO_INIT));
        assertThat(audio.tracks()).singleElement().satisfies(t -> {
            assertThat(t.handler()).isEqualTo("soun");
            assertThat(t.sampleEntry()).isEqualTo("mp4a");
            assertThat(t.timescale()).isEqualTo(48_000);
            assertThat(t.channels()).isEqualTo(2);
            assertThat(t.sampleRate()).isEqualTo(48_000);
            assertThat(t.decoderConfig()).isEqualTo(hex(ASC));
        });
        assertThat(BoxParser.outline(BoxParser.parse(hex(VIDEO_INIT)))).isEqualTo("""
                ftyp 28
                moov 634
                  mvhd 108
                  trak 478
                    tkhd 92
                    mdia 378
                      mdhd 32
                      hdlr 45
                      minf 293
                        vmhd 20
                        dinf 36
                          dref 28
                            url  12
                        stbl 229
                          stsd 153
                            avc1 137
                              avcC 51
                          stts 16
                          stsc 16
                          stsz 20
                          stco 16
                  mvex 40
                    trex 32
                """);
    }

    @Test
    void muxedInitHasBothTracksInOrderAndNoCmafBrand() {
        byte[] init = Fmp4InitSegment.write(List.of(VIDEO, AUDIO));
        ParsedFile file = Fmp4Reader.read(init);
        assertThat(file.brands()).containsExactly("iso6", "iso6", "mp41");
        assertThat(file.tracks()).extracting(ParsedTrack::id, ParsedTrack::handler, ParsedTrack::timescale)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "vide", 90_000L),
                        org.assertj.core.groups.Tuple.tuple(2, "soun", 48_000L));
        Box moov = BoxParser.parse(init).get(1);
        Fields mvhd = moov.child("mvhd").fields().skip(96);
        assertThat(mvhd.u32()).as("next_track_ID").isEqualTo(3);
        assertThat(moov.child("mvex").children("trex")).hasSize(2);
        // The esds ES_ID is the track id, as ffmpeg writes it.
        assertThat(moov.children("trak").get(1).path("mdia/minf/stbl/stsd/mp4a/esds").body()[7]).isEqualTo((byte) 2);
    }

    @Test
    void longDecoderSpecificInfoUsesMultiByteDescriptorSizes() {
        byte[] asc = new byte[200]; // an ASC this long does not exist; the size encoding does (14496-1 §8.3.3)
        System.arraycopy(hex("1190"), 0, asc, 0, 2);
        AudioConfig config = new AudioConfig(AudioCodec.AAC, 2, 48_000, 2, 1024, asc, "mp4a.40.2");
        Box esds = BoxParser.parse(Fmp4InitSegment.write(List.of(config))).get(1)
                .path("trak/mdia/minf/stbl/stsd/mp4a/esds");
        assertThat(Fmp4Reader.asc(esds)).isEqualTo(asc);
        assertThat(esds.body()).startsWith(hex("00000000 03 8161")); // 225 = 0x81 0x61
    }

    @Test
    void sampleRatesAbove65535AreWrittenAsZeroInTheSampleEntryOnly() {
        AudioConfig config = new AudioConfig(AudioCodec.AAC, 2, 96_000, 2, 1024, hex("1090"), "mp4a.40.2");
        ParsedTrack track = Fmp4Reader.read(Fmp4InitSegment.write(List.of(config))).track(1);
        assertThat(track.sampleRate()).isZero();
        assertThat(track.timescale()).isEqualTo(96_000);
    }

    @Test
    void refusesWhatFmp4CannotCarry() {
        assertThatThrownBy(() -> Fmp4InitSegment.write(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an fMP4 init segment needs 1 to 8 tracks, got 0");
        List<TrackConfig> nine = new ArrayList<>(Collections.nCopies(9, VIDEO));
        assertThatThrownBy(() -> Fmp4InitSegment.write(nine))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an fMP4 init segment needs 1 to 8 tracks, got 9");
        VideoConfig hevc = new VideoConfig(VideoCodec.HEVC, 1280, 720, VIDEO.decoderConfig(), VIDEO.sps(),
                VIDEO.pps(), "hvc1");
        assertThatThrownBy(() -> Fmp4InitSegment.write(List.of(AUDIO, hevc)))
                .isInstanceOf(MediaFormatException.class)
                .hasMessage("track 2: HEVC is not packaged in fMP4 (only H264)");
        byte[] twoByteLengths = VIDEO.decoderConfig().clone();
        twoByteLengths[4] = (byte) 0xFD;
        VideoConfig shortLengths = new VideoConfig(VideoCodec.H264, 1280, 720, twoByteLengths, VIDEO.sps(),
                VIDEO.pps(), "avc1.64001f");
        assertThatThrownBy(() -> Fmp4InitSegment.write(List.of(shortLengths)))
                .isInstanceOf(MediaFormatException.class)
                .hasMessage("track 1: avcC NAL length size 2 does not match the 4-byte lengths of VideoFrame data");
        VideoConfig huge = new VideoConfig(VideoCodec.H264, 70_000, 720, VIDEO.decoderConfig(), VIDEO.sps(),
                VIDEO.pps(), "avc1.64001f");
        assertThatThrownBy(() -> Fmp4InitSegment.write(List.of(huge)))
                .isInstanceOf(MediaFormatException.class)
                .hasMessage("track 1: video size 70000x720 does not fit avc1's 16-bit width and height");
        VideoConfig badVersion = new VideoConfig(VideoCodec.H264, 1280, 720, hex("02"), VIDEO.sps(), VIDEO.pps(),
                "avc1.64001f");
        assertThatThrownBy(() -> Fmp4InitSegment.write(List.of(badVersion)))
                .isInstanceOf(MediaFormatException.class)
                .hasMessage("avcC of 1 bytes is shorter than its 7-byte minimum");
    }
}
