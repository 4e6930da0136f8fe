package dev.symbia.web.discovery;

import java.util.List;
import java.util.Map;

/** Wire shape of {@code GET /api/bootstrap/service}. */
record ServiceDescription(
        String service,
        String version,
        String description,
        String status,
        boolean scaffold,
        Map<String, String> docsUrls,
        Map<String, String> health,
        List<Endpoint> endpoints,
        List<String> authentication) {

    record Endpoint(String method, String path, String summary) {
    }
}
