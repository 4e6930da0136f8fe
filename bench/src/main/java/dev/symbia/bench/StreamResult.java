package dev.symbia.bench;

/**
 * One streamed completion as the client saw it. Times are nanoseconds from sending the request:
 * {@code ttft} to the first non-empty content delta, {@code gaps} between consecutive content
 * deltas, {@code total} to the end of the stream ({@code [DONE]} or the platform's {@code done} frame, or the
 * failure). {@code usage}: the stream reported token usage (OpenAI's usage chunk, or the {@code done} frame's);
 * {@code startedNanos}: when the request was sent ({@link System#nanoTime()}).
 */
public record StreamResult(int status, long ttft, long[] gaps, long total, int contentChunks, boolean done, boolean usage,
        String failure, long startedNanos) {

    /** A complete, correct stream: 200, every chunk, usage, the end of the stream, no error frame. */
    public boolean ok(int expectedChunks) {
        return failure == null && status == 200 && done && usage && contentChunks == expectedChunks;
    }

    /** Why it is not ok, in a few words (for error counts by kind). */
    public String kind(int expectedChunks) {
        if (failure != null) {
            return failure.startsWith("HTTP ") || failure.startsWith("error frame") ? failure : failure.split(":", 2)[0];
        }
        if (status != 200) {
            return "HTTP " + status;
        }
        if (!done) {
            return "no end of stream";
        }
        if (contentChunks != expectedChunks) {
            return "chunks " + contentChunks + "/" + expectedChunks;
        }
        return usage ? "ok" : "no usage";
    }

    /** A stream that never ran (the client itself failed). */
    public static StreamResult clientFailure(Throwable cause) {
        return new StreamResult(0, -1, new long[0], 0, 0, false, false, "client: " + cause, 0);
    }
}
