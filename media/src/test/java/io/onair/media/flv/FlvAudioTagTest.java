package io.onair.media.flv;

import static io.onair.media.flv.FlvSamples.ASC;
import static io.onair.media.flv.FlvSamples.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onair.media.MediaFormatException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FlvAudioTagTest {
    private static FlvAudioTag roundTrip(String hex) {
        FlvAudioTag tag = FlvAudioTag.parse(hex(hex));
        assertThat(HexFormat.of().formatHex(tag.encode())).isEqualTo(hex.replaceAll("\\s", ""));
        return tag;
    }

    @Test
    void aacSequenceHeaderAndRawFrame() {
        assertThat(roundTrip("af 00" + ASC)).isEqualTo(new FlvAudioTag(0xF, true, false, hex(ASC)));
        assertThat(roundTrip("af 01 211004").payload()).isEqualTo(hex("211004"));
    }

    @Test
    void enhancedMp4aIsAac() {
        FlvAudioTag tag = roundTrip("90 6d703461" + ASC);
        assertThat(tag.sequenceHeader()).isTrue();
        assertThat(tag.enhanced()).isTrue();
        assertThat(roundTrip("91 6d703461 2110").sequenceHeader()).isFalse();
    }

    @Test
    void otherFormatsAreRefusedWithAFix() {
        assertThatThrownBy(() -> FlvAudioTag.parse(hex("2f fffb"))).isInstanceOf(UnsupportedCodecException.class)
                .hasMessage("Onair packages H.264 video and AAC audio; this stream's audio is MP3. "
                        + "Set the audio encoder to AAC.");
        assertThatThrownBy(() -> FlvAudioTag.parse(hex("b6 00"))).hasMessageContaining("audio is Speex");
        assertThatThrownBy(() -> FlvAudioTag.parse(hex("90 4f707573 00"))).hasMessageContaining("audio is Opus");
    }

    @Test
    void malformedTags() {
        assertThatThrownBy(() -> FlvAudioTag.parse(hex("af"))).isInstanceOf(MediaFormatException.class)
                .hasMessage("AAC audio tag has no AACPacketType");
        assertThatThrownBy(() -> FlvAudioTag.parse(hex("af 02"))).isInstanceOf(MediaFormatException.class)
                .hasMessage("AACPacketType 2 is not defined (0-1)");
    }
}
