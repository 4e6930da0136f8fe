package dev.symbia.models.inference;

import java.io.IOException;

/** Receives generated text as it comes; an {@link IOException} (the caller left) stops the generation at once. */
@FunctionalInterface
public interface TextSink {

    void accept(String text) throws IOException;
}
