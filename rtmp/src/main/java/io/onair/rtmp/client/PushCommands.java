package io.onair.rtmp.client;

import io.onair.rtmp.amf0.Amf0EcmaArray;
import io.onair.rtmp.amf0.Amf0Empty;
import io.onair.rtmp.message.CommandMessage;
import io.onair.rtmp.message.DataMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The commands a publishing client sends (RTMP spec 7.2.1, 7.2.2), as OBS (librtmp) and ffmpeg send them. */
final class PushCommands {
    /** What FMLE-style encoders announce; servers that look at it (FMS, Wowza) then treat the client as one. */
    static final String FLASH_VERSION = "FMLE/3.0 (compatible; Onair)";

    private PushCommands() {
    }

    /**
     * {@code connect} (7.2.1.1) with the properties OBS sends, in its order: app, type, flashVer, swfUrl (OBS sets
     * it to the tcUrl), tcUrl. No objectEncoding: AMF0 is the default, and some servers answer AMF3 if asked.
     */
    static CommandMessage connect(double txn, PushTarget target) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("app", target.app());
        properties.put("type", "nonprivate");
        properties.put("flashVer", FLASH_VERSION);
        properties.put("swfUrl", target.tcUrl());
        properties.put("tcUrl", target.tcUrl());
        return new CommandMessage(0, "connect", txn, properties, List.of());
    }

    /** Asks the server to drop a stale publisher of the name (FMS); most servers ignore it. */
    static CommandMessage releaseStream(double txn, String name) {
        return call(0, "releaseStream", txn, name);
    }

    /** Announces the publish (FMS, Twitch/YouTube ingest expect it from FMLE-style encoders). */
    static CommandMessage fcPublish(double txn, String name) {
        return call(0, "FCPublish", txn, name);
    }

    /** 7.2.1.3: the answer's first argument is the new message stream id. */
    static CommandMessage createStream(double txn) {
        return new CommandMessage(0, "createStream", txn, Amf0Empty.NULL, List.of());
    }

    /** 7.2.2.6, on the new stream: publishing type "live" (neither record nor append). */
    static CommandMessage publish(int streamId, double txn, String name) {
        return new CommandMessage(streamId, "publish", txn, Amf0Empty.NULL, List.of(name, "live"));
    }

    static CommandMessage fcUnpublish(double txn, String name) {
        return call(0, "FCUnpublish", txn, name);
    }

    /** 7.2.2.3: sent on the NetConnection, naming the stream. */
    static CommandMessage deleteStream(double txn, int streamId) {
        return new CommandMessage(0, "deleteStream", txn, Amf0Empty.NULL, List.of((double) streamId));
    }

    /** {@code @setDataFrame onMetaData}: the server stores it and hands it to every player (FMS, nginx-rtmp). */
    static DataMessage metadata(int streamId, Map<String, Object> values) {
        return new DataMessage(streamId, 0, List.of("@setDataFrame", "onMetaData", new Amf0EcmaArray(values)));
    }

    private static CommandMessage call(int streamId, String name, double txn, Object argument) {
        return new CommandMessage(streamId, name, txn, Amf0Empty.NULL, List.of(argument));
    }
}
