package dev.symbia.logging.ingest;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the stores share to write many rows in one statement ({@code INSERT … SELECT FROM unnest(…)}:
 * one round trip and one cached plan whatever the batch size) and to keep PostgreSQL's text rules:
 * NUL characters are not storable in text or jsonb, so they are replaced rather than failing a batch.
 */
public final class Rows {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private Rows() {
    }

    /** Text PostgreSQL accepts: NUL replaced by U+FFFD. */
    public static String clean(String text) {
        return text == null || text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
    }

    /** JSON text for a jsonb column, with escaped NULs replaced (jsonb rejects {@code \u0000}). */
    public static String json(Object value) {
        String json = JSON.writeValueAsString(value == null ? Map.of() : value);
        return json.contains("\\u0000") ? json.replace("\\u0000", "\\ufffd") : json;
    }

    public static Map<String, Object> map(String json) {
        return json == null ? Map.of() : JSON.readValue(json, MAP);
    }

    public static Object value(String json) {
        return json == null ? null : JSON.readValue(json, Object.class);
    }

    public static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    /** An instant as a JDBC parameter (the driver takes OffsetDateTime, not Instant). */
    public static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, java.time.ZoneOffset.UTC);
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** SQL turning an {@code int8} microsecond column of an unnest into a timestamptz. */
    public static String timestampFromMicros(String column) {
        return "(timestamptz 'epoch' + " + column + " * interval '1 microsecond')";
    }

    public static void text(PreparedStatement ps, int index, String[] values) throws SQLException {
        ps.setArray(index, array(ps, "text", values));
    }

    public static void int8(PreparedStatement ps, int index, Long[] values) throws SQLException {
        ps.setArray(index, array(ps, "int8", values));
    }

    public static void float8(PreparedStatement ps, int index, Double[] values) throws SQLException {
        ps.setArray(index, array(ps, "float8", values));
    }

    public static void int4(PreparedStatement ps, int index, Integer[] values) throws SQLException {
        ps.setArray(index, array(ps, "int4", values));
    }

    private static Array array(PreparedStatement ps, String type, Object[] values) throws SQLException {
        return ps.getConnection().createArrayOf(type, values);
    }
}
