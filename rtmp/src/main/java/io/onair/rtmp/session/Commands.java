package io.onair.rtmp.session;

import io.onair.rtmp.amf0.Amf0Empty;
import io.onair.rtmp.message.CommandMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The commands the server sends, built in one place (NetConnection/NetStream as FMS answers them). */
final class Commands {
    static final String STATUS = "status";
    static final String ERROR = "error";

    private Commands() {
    }

    /**
     * {@code _result} for {@code connect}: the properties FMS sends (OBS and librtmp only check the code) and the
     * client's objectEncoding echoed back.
     */
    static CommandMessage connectResult(double transactionId, double objectEncoding) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("fmsVer", "FMS/3,0,1,123");
        properties.put("capabilities", 31.0);
        properties.put("mode", 1.0);
        Map<String, Object> info = status(STATUS, "NetConnection.Connect.Success", "Connection succeeded.");
        info.put("objectEncoding", objectEncoding);
        return new CommandMessage(0, "_result", transactionId, properties, List.of(info));
    }

    static CommandMessage result(double transactionId, Object value) {
        return new CommandMessage(0, "_result", transactionId, Amf0Empty.NULL, List.of(value));
    }

    static CommandMessage error(double transactionId, String code, String description) {
        return new CommandMessage(0, "_error", transactionId, Amf0Empty.NULL,
                List.of(status(ERROR, code, description)));
    }

    static CommandMessage onStatus(int streamId, String level, String code, String description) {
        return new CommandMessage(streamId, "onStatus", 0, Amf0Empty.NULL, List.of(status(level, code, description)));
    }

    /** FMS answers FCPublish with onFCPublish; Flash Media Live Encoder waited for it, OBS logs it. */
    static CommandMessage onFcPublish(String name) {
        return new CommandMessage(0, "onFCPublish", 0, Amf0Empty.NULL,
                List.of(status(STATUS, "NetStream.Publish.Start", name)));
    }

    private static Map<String, Object> status(String level, String code, String description) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("level", level);
        info.put("code", code);
        info.put("description", description);
        return info;
    }
}
