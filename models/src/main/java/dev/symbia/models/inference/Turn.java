package dev.symbia.models.inference;

/** One message of a conversation: {@code system}, {@code user} or {@code assistant}. */
public record Turn(String role, String content) {
}
