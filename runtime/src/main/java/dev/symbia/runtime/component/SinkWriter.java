package dev.symbia.runtime.component;

import java.util.Map;

/** Where the metric and log sinks write. A failing or unhealthy writer turns the sink's output into an error. */
public interface SinkWriter {

    /** Records one metric point; false when the writer is unhealthy. */
    boolean metric(String name, double value, Map<String, String> labels, String orgId);

    /** Writes one log line; false when the write path fails. */
    boolean log(String level, String message, Map<String, String> meta);
}
