package dev.symbia.integrations.stream;

/**
 * The caller closed its connection; the provider call was cancelled and accounted as cancelled.
 * There is nobody left to answer, so handlers catch it and write nothing.
 */
public final class CallerLeftException extends RuntimeException {

    public CallerLeftException() {
        super("The caller closed its connection", null, false, false);
    }
}
