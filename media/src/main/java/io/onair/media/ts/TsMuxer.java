package io.onair.media.ts;

import io.onair.media.AudioConfig;
import io.onair.media.AudioFrame;
import io.onair.media.MediaFormatException;
import io.onair.media.MediaFrame;
import io.onair.media.VideoConfig;
import io.onair.media.VideoFrame;
import io.onair.media.aac.AdtsHeader;
import io.onair.media.aac.AudioSpecificConfig;
import io.onair.media.h264.Nalus;
import java.io.ByteArrayOutputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * An MPEG-TS muxer (ISO/IEC 13818-1) for one program of H.264 and/or AAC, as HLS segments carry it
 * (RFC 8216 §3.2). One instance per stream and rendition; not thread-safe; frames in decoding order.
 *
 * <p>Timestamps. Every PTS/DTS written is the frame's 90 kHz timestamp plus {@link #TIMESTAMP_OFFSET}, and the
 * PCR is the frame's unshifted DTS: the PCR then runs 0.7 s ahead of the decoding times, so PCR ≤ DTS holds from
 * the first frame (a frame's bytes arrive before it is due, the T-STD model of §2.4.2), even for a stream that
 * starts at 0 or whose audio runs slightly ahead of its video, without a negative (wrapped) PCR at the start.
 * 0.7 s is ffmpeg's default muxing delay. Values are written modulo 2^33, so long streams wrap as §2.4.3.7 says.
 *
 * <p>PCR. It travels on the video PID (the audio PID when there is no video): in the adaptation field of the first
 * packet of every PES of that PID, so on every keyframe and every 33 ms at 30 fps. When that stream is sparse
 * (slides at 2 fps), an audio frame that finds the last PCR {@link #PCR_INTERVAL} old triggers a PCR-only packet,
 * keeping within the ≤ 100 ms spacing of §2.7.2. PCRs never go backwards.
 */
public final class TsMuxer {
    public static final int PAT_PID = 0x0000;
    public static final int PMT_PID = 0x1000;
    public static final int VIDEO_PID = 0x100;
    public static final int AUDIO_PID = 0x101;
    /** Table 2-34: AVC video stream (ITU-T H.264 Annex B byte stream). */
    public static final int STREAM_TYPE_H264 = 0x1B;
    /** Table 2-34: ISO/IEC 13818-7 audio with ADTS transport syntax. */
    public static final int STREAM_TYPE_AAC_ADTS = 0x0F;
    /** Added to every PTS/DTS, 90 kHz: 0.7 s, see the class comment. */
    public static final long TIMESTAMP_OFFSET = 63_000;
    /** 80 ms: PCRs at most 100 ms apart (§2.7.2), with margin for audio frame spacing (23 ms at 44.1 kHz). */
    static final long PCR_INTERVAL = 7_200;

    /**
     * access_unit_delimiter (nal_unit_type 9, primary_pic_type 7: any slice type, then the stop bit). ISO/IEC
     * 13818-1 §2.14 requires it at the start of every AVC access unit in a transport stream.
     */
    private static final byte[] AUD = {0, 0, 0, 1, 9, (byte) 0xF0};

    private final Optional<VideoConfig> video;
    private final Optional<AudioConfig> audio;
    private final int pcrPid;
    private final byte[] pat;
    private final byte[] pmt;
    private final TsPacketWriter packets = new TsPacketWriter();
    private final PesBuffer pes = new PesBuffer(64 * 1024);
    private final byte[] pesHeader = new byte[PesHeader.MAX_LENGTH];
    private final byte[] adts = new byte[AdtsHeader.LENGTH];
    /** The parsed form of the last audio config seen, kept so ADTS headers cost no parsing per frame. */
    private AudioConfig ascFor;
    private AudioSpecificConfig asc;
    /** Last PCR written, 90 kHz, unshifted; Long.MIN_VALUE before the first. */
    private long lastPcr = Long.MIN_VALUE;

    public TsMuxer(Optional<VideoConfig> video, Optional<AudioConfig> audio) {
        this.video = Objects.requireNonNull(video, "video");
        this.audio = Objects.requireNonNull(audio, "audio");
        if (video.isEmpty() && audio.isEmpty()) {
            throw new IllegalArgumentException("a transport stream needs a video or an audio track");
        }
        this.pcrPid = video.isPresent() ? VIDEO_PID : AUDIO_PID;
        this.pat = Psi.pat(PMT_PID);
        if (video.isPresent() && audio.isPresent()) {
            this.pmt = Psi.pmt(pcrPid, STREAM_TYPE_H264, VIDEO_PID, STREAM_TYPE_AAC_ADTS, AUDIO_PID);
        } else if (video.isPresent()) {
            this.pmt = Psi.pmt(pcrPid, STREAM_TYPE_H264, VIDEO_PID);
        } else {
            this.pmt = Psi.pmt(pcrPid, STREAM_TYPE_AAC_ADTS, AUDIO_PID);
        }
        audio.ifPresent(this::adtsConfig);
    }

    /** PAT + PMT; the segmenter calls it at the start of every segment. */
    public void writeTables(ByteArrayOutputStream out) {
        packets.writeSection(PAT_PID, pat, out);
        packets.writeSection(PMT_PID, pmt, out);
    }

    /**
     * One PES for the frame. Video: AVCC -> Annex B, access unit delimiter first, SPS+PPS (from the config) before
     * every keyframe, random_access_indicator and PCR on keyframes. Audio: ADTS header prepended.
     *
     * @throws MediaFormatException if the frame's track is not in this muxer or its data is malformed (nothing is
     *                              written then)
     */
    public void writeFrame(MediaFrame frame, ByteArrayOutputStream out) {
        switch (frame) {
            case VideoFrame v -> writeVideo(v, out);
            case AudioFrame a -> writeAudio(a, out);
        }
    }

    private void writeVideo(VideoFrame frame, ByteArrayOutputStream out) {
        if (video.isEmpty()) {
            throw new MediaFormatException("video frame for a muxer without a video track");
        }
        startPes();
        pes.write(AUD, 0, AUD.length);
        if (frame.keyframe()) {
            // The frame's own config, so a mid-stream change carries its new parameter sets.
            for (byte[] sps : frame.config().sps()) {
                Nalus.writeAnnexB(sps, 0, sps.length, pes);
            }
            for (byte[] pps : frame.config().pps()) {
                Nalus.writeAnnexB(pps, 0, pps.length, pes);
            }
        }
        Nalus.forEach(frame.data(), 4, (b, off, len) -> {
            if (Nalus.type(b[off]) != Nalus.TYPE_AUD) { // ours comes first; a second one would end the picture
                Nalus.writeAnnexB(b, off, len, pes);
            }
        });
        advancePcr(frame.dts());
        writePes(VIDEO_PID, PesHeader.STREAM_ID_VIDEO, frame.pts(), frame.dts(), frame.keyframe(), true, out);
    }

    private void writeAudio(AudioFrame frame, ByteArrayOutputStream out) {
        if (audio.isEmpty()) {
            throw new MediaFormatException("audio frame for a muxer without an audio track");
        }
        AudioSpecificConfig config = adtsConfig(frame.config());
        AdtsHeader.of(config, frame.data().length).writeTo(adts, 0);
        startPes();
        pes.write(adts, 0, adts.length);
        pes.write(frame.data(), 0, frame.data().length);
        boolean withPcr = pcrPid == AUDIO_PID;
        if (withPcr) {
            advancePcr(frame.dts());
        } else if (lastPcr == Long.MIN_VALUE || frame.dts() - lastPcr >= PCR_INTERVAL) {
            advancePcr(frame.dts());
            packets.writePcrOnly(pcrPid, (lastPcr & PesHeader.TIMESTAMP_MASK) * 300, out);
        }
        writePes(AUDIO_PID, PesHeader.STREAM_ID_AUDIO, frame.dts(), frame.dts(), false, withPcr, out);
    }

    /** Moves the PCR to a frame's DTS, never backwards. */
    private void advancePcr(long dts) {
        lastPcr = lastPcr == Long.MIN_VALUE ? dts : Math.max(lastPcr, dts);
    }

    /** Starts a PES payload behind room for the longest PES header, which {@link #writePes} fills in place. */
    private void startPes() {
        pes.reset();
        pes.write(pesHeader, 0, PesHeader.MAX_LENGTH);
    }

    private void writePes(int pid, int streamId, long pts, long dts, boolean randomAccess, boolean withPcr,
                          ByteArrayOutputStream out) {
        int payloadLength = pes.size() - PesHeader.MAX_LENGTH;
        int headerLength = PesHeader.write(pesHeader, streamId, pts + TIMESTAMP_OFFSET, dts + TIMESTAMP_OFFSET,
                payloadLength);
        int start = PesHeader.MAX_LENGTH - headerLength;
        System.arraycopy(pesHeader, 0, pes.array(), start, headerLength);
        long pcr27 = withPcr ? (lastPcr & PesHeader.TIMESTAMP_MASK) * 300 : -1;
        packets.write(pid, pes.array(), start, headerLength + payloadLength, randomAccess, pcr27, out);
    }

    private AudioSpecificConfig adtsConfig(AudioConfig config) {
        if (config != ascFor) {
            asc = AudioSpecificConfig.decode(config.decoderConfig());
            ascFor = config;
        }
        return asc;
    }
}
