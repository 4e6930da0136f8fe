package dev.symbia.logging.tail;

import java.io.IOException;

/** Where a subscriber's events go: the SSE response, or a test double. */
interface TailSink {

    void event(String name, Object data) throws IOException;

    void comment(String text) throws IOException;

    void close();
}
