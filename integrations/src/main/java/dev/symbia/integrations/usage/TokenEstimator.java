package dev.symbia.integrations.usage;

import dev.symbia.integrations.provider.ChatMessage;
import java.util.List;

/**
 * Local token counts for when a provider sends no usage: one token per four characters, rounded
 * up (the usual rule of thumb for English with BPE tokenisers), plus four tokens of framing per
 * message and two for the reply's priming. An estimate, flagged as such on the usage row.
 */
public final class TokenEstimator {

    private static final int PER_MESSAGE = 4;
    private static final int REPLY_PRIMING = 2;

    private TokenEstimator() {
    }

    public static int text(long characters) {
        return (int) Math.min(Integer.MAX_VALUE, (characters + 3) / 4);
    }

    public static int prompt(List<ChatMessage> messages) {
        long tokens = REPLY_PRIMING;
        for (ChatMessage message : messages) {
            tokens += PER_MESSAGE + text(message.characters());
        }
        return (int) Math.min(Integer.MAX_VALUE, tokens);
    }
}
