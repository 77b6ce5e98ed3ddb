package io.onair.rtmp.message;

import io.onair.rtmp.amf0.Amf0Empty;
import java.util.List;
import java.util.Objects;

/**
 * Command Message (type 20, AMF0; type 17 is read as AMF0 behind its format byte): a remote call
 * ({@code connect}, {@code publish}, {@code _result}, {@code onStatus}…).
 *
 * @param commandObject the third value: an object for {@code connect} and {@code _result}, {@link Amf0Empty#NULL}
 *                      for most others
 * @param arguments     the values after the command object
 */
public record CommandMessage(int streamId, String name, double transactionId, Object commandObject,
                             List<Object> arguments) implements RtmpMessage {
    public CommandMessage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(commandObject, "commandObject");
        arguments = List.copyOf(arguments);
    }

    /** The {@code i}th argument after the command object, if present. */
    public java.util.Optional<Object> argument(int i) {
        return i < arguments.size() ? java.util.Optional.of(arguments.get(i)) : java.util.Optional.empty();
    }
}
