package dev.symbia.messaging.conversation;

import java.time.Instant;
import java.util.UUID;

/**
 * A principal's place in a conversation.
 *
 * @param principalId   a user id, or an agent's public id such as {@code assistant:coordinator}
 * @param principalType {@code user} or {@code agent}
 * @param role          {@code owner}, {@code admin} or {@code member}
 * @param lastReadAt    when the principal last read the messages, or null
 */
public record Participant(UUID conversationId, String principalId, String principalType, String role,
        Instant joinedAt, Instant lastReadAt) {

    public static final String OWNER = "owner";
    public static final String ADMIN = "admin";
    public static final String MEMBER = "member";
    public static final String USER = "user";
    public static final String AGENT = "agent";

    public boolean isOwner() {
        return OWNER.equals(role);
    }

    /** Owners and admins manage the conversation (rename, add and remove participants). */
    public boolean canManage() {
        return OWNER.equals(role) || ADMIN.equals(role);
    }

    /** The type a principal id implies when none is given: agents' public ids carry a prefix. */
    public static String typeOf(String principalId) {
        return principalId.startsWith("assistant:") || principalId.startsWith("agent:") ? AGENT : USER;
    }
}
