package dev.symbia.bench.integrations;

/**
 * One streamed completion as the client saw it. Times are nanoseconds from sending the request:
 * {@code ttft} to the first non-empty content delta, {@code gaps} between consecutive content
 * deltas, {@code total} to {@code [DONE]} (or to the failure).
 */
record StreamResult(int status, long ttft, long[] gaps, long total, int contentChunks, boolean done, boolean usage,
        String failure) {

    /** A complete, correct stream: 200, every chunk, the usage chunk, {@code [DONE]}, no error frame. */
    boolean ok(int expectedChunks) {
        return failure == null && status == 200 && done && usage && contentChunks == expectedChunks;
    }

    /** Why it is not ok, in a few words (for error counts by kind). */
    String kind(int expectedChunks) {
        if (failure != null) {
            return failure.startsWith("HTTP ") ? failure : failure.split(":", 2)[0];
        }
        if (status != 200) {
            return "HTTP " + status;
        }
        if (!done) {
            return "no [DONE]";
        }
        if (contentChunks != expectedChunks) {
            return "chunks " + contentChunks + "/" + expectedChunks;
        }
        return usage ? "ok" : "no usage chunk";
    }
}
