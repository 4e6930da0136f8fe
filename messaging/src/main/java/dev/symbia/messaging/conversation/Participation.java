package dev.symbia.messaging.conversation;

/** A conversation together with the caller's place in it. */
public record Participation(Conversation conversation, Participant participant) {
}
