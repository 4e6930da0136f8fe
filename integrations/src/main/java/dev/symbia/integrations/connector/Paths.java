package dev.symbia.integrations.connector;

import dev.symbia.web.body.RequestBodies;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * Caller-supplied names that become URL path segments (repository keys, artifact paths). Each segment is added
 * encoded, and dot segments or empty ones are refused, so a caller cannot climb out of the API it is calling.
 */
final class Paths {

    private static final Pattern REPO_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final int MAX_PATH = 1024;

    private Paths() {
    }

    static String repoKey(String field, String value) {
        if (value == null || !REPO_KEY.matcher(value).matches()) {
            throw RequestBodies.invalidField(field, "must be a repository key ([A-Za-z0-9._-], at most 64)");
        }
        return value;
    }

    /** A relative artifact path: segments without dot segments, empty ones or control characters. */
    static String artifactPath(String field, String value) {
        if (value == null || value.isBlank() || value.length() > MAX_PATH) {
            throw RequestBodies.invalidField(field, "must be a path of at most " + MAX_PATH + " characters");
        }
        String trimmed = value.startsWith("/") ? value.substring(1) : value;
        for (String segment : trimmed.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")
                    || segment.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\\')) {
                throw RequestBodies.invalidField(field, "must be a relative path without empty or dot segments");
            }
        }
        return trimmed;
    }

    static HttpUrl.Builder append(HttpUrl.Builder url, String path) {
        for (String segment : path.split("/")) {
            url.addPathSegment(segment);
        }
        return url;
    }
}
