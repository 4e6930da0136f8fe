package dev.symbia.gateway;

import org.springframework.core.Ordered;

/**
 * Where each of the gateway's web filters runs. Request context comes first so every later answer,
 * errors included, carries the request id; internal paths are refused before anything else looks
 * at them; CORS precedes the limits so a browser can read a 413 or 429.
 */
public final class FilterOrder {

    public static final int REQUEST_CONTEXT = Ordered.HIGHEST_PRECEDENCE;
    public static final int INTERNAL_PATHS = REQUEST_CONTEXT + 10;
    public static final int CORS = REQUEST_CONTEXT + 20;
    public static final int RATE_LIMIT = REQUEST_CONTEXT + 30;
    public static final int BODY_LIMIT = REQUEST_CONTEXT + 40;

    private FilterOrder() {
    }
}
