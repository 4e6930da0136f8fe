package dev.symbia.identity.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.symbia.identity.token.UserSnapshot;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Request and response bodies of the account endpoints (reference shapes, §1.2). */
public final class AccountWire {

    private AccountWire() {
    }

    record RegisterRequest(
            @NotBlank @Email @Size(max = 254) String email,
            @NotBlank @Size(min = 8, max = 72) String password,
            @NotBlank @Size(max = 100) String name,
            @Size(max = 100) String orgName) {
    }

    record LoginRequest(@NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 200) String password) {
    }

    record RefreshRequest(@NotBlank @Size(max = 200) String refreshToken) {
    }

    record LogoutRequest(@Size(max = 200) String refreshToken) {
    }

    record ChangePasswordRequest(@NotBlank @Size(max = 200) String currentPassword,
            @NotBlank @Size(min = 8, max = 72) String newPassword) {
    }

    record ForgotPasswordRequest(@NotBlank @Email @Size(max = 254) String email) {
    }

    record ResetPasswordRequest(@NotBlank @Size(max = 200) String token, @NotBlank @Size(min = 8, max = 72) String password) {
    }

    record UserView(String id, String email, String name, boolean isSuperAdmin) {
        static UserView of(UserSnapshot user) {
            return new UserView(user.id().toString(), user.email(), user.name(), user.superAdmin());
        }
    }

    record OrgView(String id, String name, String slug) {
    }

    public record OrgMembershipView(String id, String name, String slug, String role) {
        public static List<OrgMembershipView> of(UserSnapshot user) {
            return user.orgs().stream()
                    .map(o -> new OrgMembershipView(o.orgId().toString(), o.name(), o.slug(), o.role())).toList();
        }
    }

    /** A signed-in user with their memberships (login and the Supabase exchange). */
    public record LoginUserView(String id, String email, String name, boolean isSuperAdmin,
            List<OrgMembershipView> organizations) {
        public static LoginUserView of(UserSnapshot user) {
            return new LoginUserView(user.id().toString(), user.email(), user.name(), user.superAdmin(),
                    OrgMembershipView.of(user));
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record RegisterResponse(UserView user, OrgView organization, String token, String refreshToken, long expiresIn) {
    }

    record LoginResponse(LoginUserView user, String token, String refreshToken, long expiresIn) {
    }

    record RefreshResponse(String token, String refreshToken, long expiresIn) {
    }

    record MessageResponse(boolean success, String message) {
    }

    record ResetRequested(String message, boolean emailEnabled) {
    }
}
