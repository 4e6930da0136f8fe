package dev.symbia.integrations.stream;

import tools.jackson.databind.JsonNode;

/**
 * A normalised event of a streamed chat completion: any number of {@link Delta}s, then exactly one
 * terminal event, {@link Done} or {@link Failed}.
 */
public sealed interface StreamEvent {

    default boolean terminal() {
        return this instanceof Done || this instanceof Failed;
    }

    /**
     * A piece of the reply, forwarded as soon as the provider sent it.
     *
     * @param logprobs the provider's {@code choices[0].logprobs} for this piece when asked for, else null
     */
    record Delta(String text, JsonNode logprobs) implements StreamEvent {

        public Delta(String text) {
            this(text, null);
        }
    }

    /**
     * A fragment of a tool call, as OpenAI streams them: the first fragment of a call carries its
     * {@code id} and function {@code name}, later ones only more {@code arguments} text.
     *
     * @param index which call of the reply (0, 1, … for parallel calls)
     * @param id    the call's id, on its first fragment only (else null)
     * @param name  the function name, on its first fragment only (else null)
     * @param arguments a piece of the arguments' JSON text (may be empty)
     */
    record ToolCallDelta(int index, String id, String name, String arguments) implements StreamEvent {
    }

    /**
     * The reply is complete.
     *
     * @param model          the model the provider says it ran, or null when it did not say
     * @param finishReason   normalised finish reason
     * @param usage          token usage; from the provider it is null when it sent no usage chunk
     * @param usageEstimated true when {@code usage} was counted locally
     */
    record Done(String model, String finishReason, Usage usage, boolean usageEstimated) implements StreamEvent {

        public static Done fromProvider(String model, String finishReason, Usage usage) {
            return new Done(model, finishReason, usage, false);
        }
    }

    /** The call failed; nothing follows. */
    record Failed(ProviderFailure failure) implements StreamEvent {
    }
}
