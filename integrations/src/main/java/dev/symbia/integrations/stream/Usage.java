package dev.symbia.integrations.stream;

/** Token counts of one call. */
public record Usage(int promptTokens, int completionTokens, int totalTokens) {

    public static Usage of(int promptTokens, int completionTokens) {
        return new Usage(promptTokens, completionTokens, promptTokens + completionTokens);
    }

    // Not a bean-style name: the wire form of a usage is its three counts only.
    public boolean zero() {
        return promptTokens == 0 && completionTokens == 0 && totalTokens == 0;
    }
}
