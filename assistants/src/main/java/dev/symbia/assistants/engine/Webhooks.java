package dev.symbia.assistants.engine;

import java.time.Duration;
import java.util.Map;

/** Outbound HTTP for {@code webhook.call}: implemented outside the engine with an SSRF guard. */
public interface Webhooks {

    /** {@code {status, headers, body}}; refusals and transport failures are {@link ActionFailure}s. */
    Map<String, Object> call(String method, String url, Map<String, String> headers, String body, Duration timeout);

    Webhooks NONE = (m, u, h, b, t) -> {
        throw new ActionFailure("webhooks are not available");
    };
}
