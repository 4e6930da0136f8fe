package dev.symbia.assistants.engine;

import java.util.List;

/** One action's outcome; {@code nested} holds the results of condition / parallel / loop bodies. */
public record ActionResult(String id, String type, boolean ok, Object output, String error, long durationMs,
        List<ActionResult> nested) {

    static ActionResult ok(String id, String type, Object output, long ms, List<ActionResult> nested) {
        return new ActionResult(id, type, true, output, null, ms, nested);
    }

    static ActionResult failed(String id, String type, String error, long ms, List<ActionResult> nested) {
        return new ActionResult(id, type, false, null, error, ms, nested);
    }
}
