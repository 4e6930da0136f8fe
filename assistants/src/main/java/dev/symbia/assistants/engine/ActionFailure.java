package dev.symbia.assistants.engine;

/** An action that did not succeed; its message is safe to show (no secret, no stack trace). */
public class ActionFailure extends RuntimeException {

    public ActionFailure(String message) {
        super(message, null, false, false);
    }
}
