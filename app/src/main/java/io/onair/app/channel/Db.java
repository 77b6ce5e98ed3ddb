package io.onair.app.channel;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.support.KeyHolder;

/**
 * The few JDBC conversions the repositories share. Timestamps travel as {@link OffsetDateTime} in UTC: both the
 * PostgreSQL driver and H2 map it to {@code timestamp with time zone}; neither takes {@link Instant} directly.
 */
public final class Db {
    private Db() {
    }

    public static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** The generated id (PostgreSQL returns every column unless asked for "id"; H2 returns the key). */
    public static long generatedId(KeyHolder keys) {
        Number id = keys.getKeys() != null && keys.getKeys().get("id") instanceof Number n ? n : keys.getKey();
        if (id == null) {
            throw new IllegalStateException("no generated id returned");
        }
        return id.longValue();
    }
}
