package dev.symbia.db;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A PostgreSQL connection given as {@code postgres://user:pass@host:port/db?…} (Heroku, Railway,
 * Supabase style) or {@code jdbc:postgresql://…}, turned into what JDBC needs.
 *
 * <p>Supabase's transaction pooler (port 6543) cannot keep server-side prepared statements
 * between transactions, so they are switched off there ({@code prepareThreshold=0}). Query
 * parameters such as {@code sslmode} are kept as given.
 */
public record DatabaseUrl(String jdbcUrl, String username, String password) {

    static final int SUPABASE_TRANSACTION_POOLER_PORT = 6543;

    public static DatabaseUrl parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("database URL is empty");
        }
        String value = raw.trim();
        String uriText;
        if (value.startsWith("jdbc:postgresql://")) {
            uriText = value.substring("jdbc:".length());
        } else if (value.startsWith("postgres://") || value.startsWith("postgresql://")) {
            uriText = "postgresql://" + value.substring(value.indexOf("://") + 3);
        } else {
            throw new IllegalArgumentException(
                    "database URL must start with postgres://, postgresql:// or jdbc:postgresql:// (got "
                            + schemeOf(value) + ")");
        }
        URI uri;
        try {
            uri = new URI(uriText);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("database URL is not a valid URL: " + e.getReason());
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("database URL has no host");
        }

        Map<String, String> params = queryParams(uri.getRawQuery());
        String username = params.remove("user");
        String password = params.remove("password");
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            username = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : password;
        }
        if (uri.getPort() == SUPABASE_TRANSACTION_POOLER_PORT) {
            params.put("prepareThreshold", "0");
        }

        String database = uri.getRawPath() == null || uri.getRawPath().length() <= 1
                ? "postgres" : uri.getRawPath().substring(1);
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
        if (uri.getPort() > 0) {
            jdbc.append(':').append(uri.getPort());
        }
        jdbc.append('/').append(database);
        if (!params.isEmpty()) {
            jdbc.append('?').append(params.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("&")));
        }
        return new DatabaseUrl(jdbc.toString(), username, password);
    }

    /** The same connection with a JDBC parameter set (replacing an earlier value). */
    public DatabaseUrl withParameter(String name, String value) {
        String base = jdbcUrl;
        Map<String, String> params = new LinkedHashMap<>();
        int q = jdbcUrl.indexOf('?');
        if (q >= 0) {
            base = jdbcUrl.substring(0, q);
            params.putAll(queryParams(jdbcUrl.substring(q + 1)));
        }
        params.put(name, value);
        return new DatabaseUrl(base + "?" + params.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&")), username, password);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "DatabaseUrl[" + jdbcUrl + ", user=" + username + "]";
    }

    private static Map<String, String> queryParams(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String val = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(key, val);
        }
        return params;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static String schemeOf(String value) {
        int colon = value.indexOf(':');
        return colon > 0 ? value.substring(0, colon) + ":" : "no scheme";
    }
}
