package dev.symbia.assistants.conversation;

import java.util.Map;

/** An assistant's persisted view of one conversation: state machine state, context and turn counter. */
public record ConversationState(String state, Map<String, Object> context, int turns) {
}
