package io.onair.hls;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An MPEG-DASH MPD (ISO/IEC 23009-1) over the channel's CMAF segments, rendered in one place. Immutable; rendered per
 * request because it carries the server's clock ({@code UTCTiming}, §5.8.4.11), which dash.js needs to find the live
 * edge without asking a time server on the internet.
 *
 * <p>Profile {@code isoff-live:2011}: a {@code SegmentTemplate} per representation ({@code $RepresentationID$/$Number$.m4s},
 * the HLS segment URLs) with a {@code SegmentTimeline} in the track's timescale (90 kHz video, the sampling rate for
 * audio: the fMP4 muxer's timescales). Timelines use presentation time offset 0 in a live MPD, so a segment's
 * {@code t} is its media time and Period {@code start} maps media time onto the wall clock of
 * {@code availabilityStartTime}; the static MPD of an ended stream offsets each Period to its first listed segment.
 *
 * <p>Discontinuities (a new publication, a timestamp jump, a config change of the source) start a new Period: media
 * time restarts there and representations may change, which only a Period boundary expresses (§5.3.2).
 *
 * @param publishTime when this MPD was generated (§5.3.1.2): required in a dynamic MPD, optional in a static one (the
 *                    ended live stream's leaves it out, a recording's says which version of it this is)
 */
record DashManifest(boolean dynamic, Instant availabilityStartTime, Optional<Instant> publishTime,
        Duration minimumUpdatePeriod,
        Duration timeShiftBufferDepth, Duration suggestedPresentationDelay, Duration minBufferTime,
        List<Period> periods) {

    record Period(String id, Duration start, Optional<Duration> duration, List<Representation> video,
            Optional<Representation> audio) {
    }

    /**
     * @param frameRate   for video, e.g. {@code 30} or {@code 30000/1001}
     * @param init        the number in {@code init-{n}.mp4}
     * @param startNumber the sequence number of the first timeline entry
     */
    record Representation(String id, long bandwidth, String codecs, int width, int height, Optional<String> frameRate,
            int sampleRate, int channels, long timescale, long presentationTimeOffset, long init, long startNumber,
            List<Entry> timeline) {
    }

    /** One {@code S}: start (first entry only, or after a hole), duration, repeat count. */
    record Entry(long t, long d, int r) {
    }

    DashManifest {
        periods = List.copyOf(periods);
        if (dynamic && publishTime.isEmpty()) {
            throw new IllegalArgumentException("a dynamic MPD needs its publishTime (ISO/IEC 23009-1 §5.3.1.2)");
        }
    }

    String render(Instant now) {
        StringBuilder b = new StringBuilder(2048);
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" profiles=\"urn:mpeg:dash:profile:isoff-live:2011\"");
        b.append(" type=\"").append(dynamic ? "dynamic" : "static").append('"');
        b.append(" minBufferTime=\"").append(duration(minBufferTime)).append('"');
        if (dynamic) {
            b.append(" availabilityStartTime=\"").append(MediaPlaylist.DATE_TIME.format(availabilityStartTime))
                    .append('"');
            b.append(" publishTime=\"").append(MediaPlaylist.DATE_TIME.format(publishTime.orElseThrow()))
                    .append('"');
            b.append(" minimumUpdatePeriod=\"").append(duration(minimumUpdatePeriod)).append('"');
            b.append(" timeShiftBufferDepth=\"").append(duration(timeShiftBufferDepth)).append('"');
            b.append(" suggestedPresentationDelay=\"").append(duration(suggestedPresentationDelay)).append('"');
        } else {
            publishTime.ifPresent(t -> b.append(" publishTime=\"").append(MediaPlaylist.DATE_TIME.format(t))
                    .append('"'));
            Duration total = Duration.ZERO;
            for (Period p : periods) {
                total = p.start().plus(p.duration().orElse(Duration.ZERO));
            }
            b.append(" mediaPresentationDuration=\"").append(duration(total)).append('"');
        }
        b.append(">\n");
        for (Period p : periods) {
            b.append("  <Period id=\"").append(p.id()).append("\" start=\"").append(duration(p.start())).append('"');
            p.duration().ifPresent(d -> b.append(" duration=\"").append(duration(d)).append('"'));
            b.append(">\n");
            if (!p.video().isEmpty()) {
                // Every rung is cut at the same keyframes (issue 3), so players may switch at any segment.
                b.append("    <AdaptationSet id=\"1\" contentType=\"video\" mimeType=\"video/mp4\""
                        + " segmentAlignment=\"true\" startWithSAP=\"1\">\n");
                for (Representation r : p.video()) {
                    b.append("      <Representation id=\"").append(r.id()).append("\" bandwidth=\"")
                            .append(r.bandwidth()).append("\" codecs=\"").append(r.codecs()).append("\" width=\"")
                            .append(r.width()).append("\" height=\"").append(r.height()).append('"');
                    r.frameRate().ifPresent(f -> b.append(" frameRate=\"").append(f).append('"'));
                    b.append(">\n");
                    template(b, r);
                    b.append("      </Representation>\n");
                }
                b.append("    </AdaptationSet>\n");
            }
            p.audio().ifPresent(r -> {
                b.append("    <AdaptationSet id=\"2\" contentType=\"audio\" mimeType=\"audio/mp4\""
                        + " segmentAlignment=\"true\" startWithSAP=\"1\">\n");
                b.append("      <Representation id=\"").append(r.id()).append("\" bandwidth=\"").append(r.bandwidth())
                        .append("\" codecs=\"").append(r.codecs()).append("\" audioSamplingRate=\"")
                        .append(r.sampleRate()).append("\">\n");
                b.append("        <AudioChannelConfiguration"
                        + " schemeIdUri=\"urn:mpeg:dash:23003:3:audio_channel_configuration:2011\" value=\"")
                        .append(r.channels()).append("\"/>\n");
                template(b, r);
                b.append("      </Representation>\n");
                b.append("    </AdaptationSet>\n");
            });
            b.append("  </Period>\n");
        }
        if (dynamic) {
            b.append("  <UTCTiming schemeIdUri=\"urn:mpeg:dash:utc:direct:2014\" value=\"")
                    .append(MediaPlaylist.DATE_TIME.format(now)).append("\"/>\n");
        }
        b.append("</MPD>\n");
        return b.toString();
    }

    private static void template(StringBuilder b, Representation r) {
        b.append("        <SegmentTemplate timescale=\"").append(r.timescale()).append('"');
        if (r.presentationTimeOffset() != 0) {
            b.append(" presentationTimeOffset=\"").append(r.presentationTimeOffset()).append('"');
        }
        b.append(" initialization=\"$RepresentationID$/init-").append(r.init())
                .append(".mp4\" media=\"$RepresentationID$/$Number$.m4s\" startNumber=\"").append(r.startNumber())
                .append("\">\n");
        b.append("          <SegmentTimeline>\n");
        boolean first = true;
        for (Entry e : r.timeline()) {
            b.append("            <S");
            if (first) {
                b.append(" t=\"").append(e.t()).append('"');
                first = false;
            }
            b.append(" d=\"").append(e.d()).append('"');
            if (e.r() > 0) {
                b.append(" r=\"").append(e.r()).append('"');
            }
            b.append("/>\n");
        }
        b.append("          </SegmentTimeline>\n");
        b.append("        </SegmentTemplate>\n");
    }

    /** xs:duration with millisecond precision: {@code PT12.345S}. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        String sign = ms < 0 ? "-" : "";
        ms = Math.abs(ms);
        if (ms % 1000 == 0) {
            return sign + "PT" + ms / 1000 + "S";
        }
        return sign + String.format(Locale.ROOT, "PT%d.%03dS", ms / 1000, ms % 1000);
    }
}
