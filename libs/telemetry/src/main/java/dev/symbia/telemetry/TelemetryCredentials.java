package dev.symbia.telemetry;

import java.util.Map;

/**
 * Where OTLP exports get their authentication headers. libs/auth provides one that sends the
 * service's own service token; without one, exports carry no credentials (fine for an open
 * collector). Called on the exporter's thread for every export, never on a request thread.
 */
@FunctionalInterface
public interface TelemetryCredentials {

    /** Headers to add to the next export; empty when none can be had right now. */
    Map<String, String> headers();
}
