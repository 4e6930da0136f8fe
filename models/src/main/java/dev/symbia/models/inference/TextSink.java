package dev.symbia.models.inference;

import java.io.IOException;

/** Receives generated text as it comes; an {@link IOException} (the caller left) stops the generation at once. */
@FunctionalInterface
public interface TextSink {

    void accept(String text) throws IOException;

    /**
     * Called once, when llama.cpp has the request and evaluates the prompt on its own threads, before the first text:
     * what a stream writes here (its opening) travels while the first token is computed instead of before it.
     */
    default void started() throws IOException {
    }
}
