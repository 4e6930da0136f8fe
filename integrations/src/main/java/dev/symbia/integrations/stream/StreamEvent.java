package dev.symbia.integrations.stream;

import dev.symbia.integrations.provider.ProviderFailure;
import dev.symbia.integrations.provider.Usage;

/**
 * A normalised event of a streamed chat completion: any number of {@link Delta}s, then exactly one
 * terminal event, {@link Done} or {@link Failed}.
 */
public sealed interface StreamEvent {

    default boolean terminal() {
        return !(this instanceof Delta);
    }

    /** A piece of the reply, forwarded as soon as the provider sent it. */
    record Delta(String text) implements StreamEvent {
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
