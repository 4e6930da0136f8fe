package dev.symbia.runtime.component;

import tools.jackson.databind.JsonNode;

/** What a handler knows about the invocation (the reference's ctx, plus the arrival port). */
public interface NodeContext {

    String nodeId();

    String executionId();

    String orgId();

    /** The user who loaded the graph: model calls act for them (their credentials, their usage). */
    String ownerId();

    String graphKey();

    /** The node's config as written in the graph ({@code {}} when absent); handlers apply their own defaults. */
    JsonNode config();

    /** The port the message arrived on (the reference does not pass it; merge uses it). */
    String arrivalPort();

    OperatorState state();

    /** A trace line for this node ({@code port:"log"}). */
    void log(String message);
}
