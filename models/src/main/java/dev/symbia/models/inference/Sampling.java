package dev.symbia.models.inference;

import java.util.List;

/**
 * How to decode. OpenAI's defaults apply to what the caller leaves out (temperature 1, top_p 1); llama.cpp's own
 * extra samplers (top-k, min-p, repetition penalty) are switched off so the OpenAI parameters mean what they say.
 *
 * @param seed null = a random seed per request
 */
public record Sampling(int maxTokens, double temperature, double topP, List<String> stop, Integer seed) {
}
