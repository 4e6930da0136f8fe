package dev.symbia.relay;

/**
 * An event to publish. Only {@code type} and {@code data} are required.
 *
 * @param type     dotted event type, e.g. {@code message.new}
 * @param data     anything Jackson can turn into JSON (I-JSON: finite numbers, safe integers)
 * @param target   a node id to send to directly, or null to let the network's contracts decide
 * @param runId    groups the events of one flow; a new id when null
 * @param causedBy the id of the event this one answers, or null
 * @param boundary intra (default), inter or extra
 */
public record Publication(String type, Object data, String target, String runId, String causedBy, Boundary boundary) {

    public static Publication of(String type, Object data) {
        return new Publication(type, data, null, null, null, null);
    }

    public Publication to(String newTarget) {
        return new Publication(type, data, newTarget, runId, causedBy, boundary);
    }

    public Publication inRun(String newRunId) {
        return new Publication(type, data, target, newRunId, causedBy, boundary);
    }

    public Publication causedBy(String eventId) {
        return new Publication(type, data, target, runId, eventId, boundary);
    }

    public Publication across(Boundary newBoundary) {
        return new Publication(type, data, target, runId, causedBy, newBoundary);
    }
}
