package dev.symbia.messaging.conversation;

import com.fasterxml.jackson.annotation.JsonAlias;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/** Request bodies of the conversation endpoints (read strictly: unknown fields are a 400). */
final class ConversationRequests {

    /** User ids, and agents' public ids such as {@code assistant:coordinator}. */
    static final String PRINCIPAL_ID = "[A-Za-z0-9][A-Za-z0-9:._@+-]{0,199}";

    private ConversationRequests() {
    }

    /**
     * {@code orgId} is accepted for the reference client's sake but must be the request's org
     * ({@code X-Org-Id} or the token's): a body can never move a conversation into another org.
     */
    record Create(
            @NotNull @Pattern(regexp = "private|group", message = "must be private or group") String type,
            @Size(max = 255) String name,
            @Size(max = 4000) String description,
            Map<String, Object> metadata,
            List<@NotNull @Valid NewParticipant> participants,
            @Size(max = 128) String orgId) {
    }

    /** {@code userId}/{@code userType} are the reference's names for the same fields. */
    record NewParticipant(
            @JsonAlias("userId") @NotBlank @Pattern(regexp = PRINCIPAL_ID, message = "must be a user id or an agent id") String principalId,
            @JsonAlias("userType") @Pattern(regexp = "user|agent", message = "must be user or agent") String principalType,
            @Pattern(regexp = "admin|member", message = "must be admin or member") String role) {

        String type() {
            return principalType != null ? principalType : Participant.typeOf(principalId);
        }

        String roleOrMember() {
            return role != null ? role : Participant.MEMBER;
        }
    }

    /** Absent (or null) fields stay as they are; {@code metadata} replaces the whole object. */
    record Update(
            @Size(min = 1, max = 255) String name,
            @Size(max = 4000) String description,
            Map<String, Object> metadata) {
    }
}
