package dev.symbia.models.inference;

/**
 * A formatted prompt that fits the model's context window, with its token count: tokenised once per request (a long
 * conversation's tokenisation is a visible part of the time to first token), by {@link LoadedModel#prompt}.
 */
public record Prompt(String text, int tokens) {
}
