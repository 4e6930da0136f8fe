package dev.symbia.identity.account;

import dev.symbia.auth.AuthMethod;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.identity.agent.AgentStore;
import dev.symbia.identity.token.UserSnapshot;
import dev.symbia.web.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Register, login, refresh, logout, me and passwords (reference shapes, §1.2). */
@RestController
class AccountController {

    private final AccountService accounts;
    private final UserStore users;
    private final AgentStore agents;
    private final TokenCookie cookie;

    AccountController(AccountService accounts, UserStore users, AgentStore agents, TokenCookie cookie) {
        this.accounts = accounts;
        this.users = users;
        this.agents = agents;
        this.cookie = cookie;
    }

    @Operation(summary = "Create an account (the first one becomes super admin unless SYMBIA_ADMIN_EMAIL made one)")
    @PostMapping({"/api/auth/register", "/api/auth/user/register"})
    ResponseEntity<AccountWire.RegisterResponse> register(@Valid @RequestBody AccountWire.RegisterRequest request,
            HttpServletRequest http) {
        AccountService.Registered registered = accounts.register(request, http.getRemoteAddr());
        AccountService.Session session = registered.session();
        var org = registered.organization();
        return ResponseEntity.status(HttpStatus.CREATED)
                .header(TokenCookie.header(), cookie.set(session.access()))
                .body(new AccountWire.RegisterResponse(AccountWire.UserView.of(session.user()),
                        org == null ? null : new AccountWire.OrgView(org.id().toString(), org.name(), org.slug()),
                        session.access().token(), session.refreshToken(), session.access().expiresIn()));
    }

    @Operation(summary = "Sign in with email and password")
    @PostMapping({"/api/auth/login", "/api/auth/user/login"})
    ResponseEntity<AccountWire.LoginResponse> login(@Valid @RequestBody AccountWire.LoginRequest request,
            HttpServletRequest http) {
        AccountService.Session session = accounts.login(request.email(), request.password(), http.getRemoteAddr());
        return ResponseEntity.ok().header(TokenCookie.header(), cookie.set(session.access()))
                .body(new AccountWire.LoginResponse(AccountWire.LoginUserView.of(session.user()),
                        session.access().token(), session.refreshToken(), session.access().expiresIn()));
    }

    @Operation(summary = "Exchange a refresh token for new tokens (rotation; reuse revokes the session)")
    @PostMapping({"/api/auth/refresh", "/api/auth/user/refresh"})
    ResponseEntity<AccountWire.RefreshResponse> refresh(@Valid @RequestBody AccountWire.RefreshRequest request) {
        AccountService.Session session = accounts.refresh(request.refreshToken());
        return ResponseEntity.ok().header(TokenCookie.header(), cookie.set(session.access()))
                .body(new AccountWire.RefreshResponse(session.access().token(), session.refreshToken(),
                        session.access().expiresIn()));
    }

    @Operation(summary = "Sign out: revoke the refresh token's session and clear the cookie")
    @PostMapping("/api/auth/logout")
    ResponseEntity<AccountWire.MessageResponse> logout(@Valid @RequestBody(required = false) AccountWire.LogoutRequest request) {
        if (request != null) {
            accounts.logout(request.refreshToken());
        }
        return ResponseEntity.ok().header(TokenCookie.header(), cookie.clear())
                .body(new AccountWire.MessageResponse(true, "Logged out"));
    }

    @Operation(summary = "The current principal: user, agent or service")
    @GetMapping("/api/auth/me")
    Map<String, Object> me(SymbiaPrincipal principal) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", principal.type().wire());
        switch (principal.type()) {
            case USER -> {
                UserSnapshot user = users.snapshot(UUID.fromString(principal.id()))
                        .orElseThrow(() -> ProblemException.unauthenticated("The account no longer exists."));
                Map<String, Object> view = new LinkedHashMap<>();
                view.put("id", user.id().toString());
                view.put("email", user.email());
                view.put("name", user.name());
                view.put("isSuperAdmin", user.superAdmin());
                view.put("organizations", AccountWire.OrgMembershipView.of(user));
                view.put("entitlements", List.copyOf(user.platformCaps()));
                view.put("roles", user.grants().stream().filter(g -> g.startsWith("role:")).toList());
                body.put("user", view);
                body.put("organizations", AccountWire.OrgMembershipView.of(user));
            }
            case AGENT -> body.put("agent", agents.find(UUID.fromString(principal.id()))
                    .map(AgentStore.AgentRow::view)
                    .orElseThrow(() -> ProblemException.unauthenticated("The agent no longer exists.")));
            case SERVICE -> body.put("service", Map.of("id", principal.id()));
        }
        body.put("orgId", principal.orgId());
        body.put("capabilities", principal.caps());
        body.put("authMethod", principal.method() == AuthMethod.API_KEY ? "api_key" : "token");
        return body;
    }

    @Operation(summary = "Change the current user's password (ends every other session)")
    @PostMapping({"/api/users/me/password", "/api/auth/password"})
    AccountWire.MessageResponse changePassword(SymbiaPrincipal principal,
            @Valid @RequestBody AccountWire.ChangePasswordRequest request) {
        requireInteractiveUser(principal);
        accounts.changePassword(UUID.fromString(principal.id()), request.currentPassword(), request.newPassword());
        return new AccountWire.MessageResponse(true, "Password changed");
    }

    @Operation(summary = "Ask for a password-reset link (always the same answer)")
    @PostMapping("/api/auth/forgot-password")
    ResponseEntity<Map<String, Object>> forgotPassword(@Valid @RequestBody AccountWire.ForgotPasswordRequest request,
            HttpServletRequest http) {
        accounts.forgotPassword(request.email(), http.getRemoteAddr());
        return ResponseEntity.accepted().body(Map.of(
                "message", "If an account exists for this email, a reset link has been sent.",
                "emailEnabled", accounts.mailEnabled()));
    }

    @Operation(summary = "Set a new password with a reset token")
    @PostMapping("/api/auth/reset-password")
    AccountWire.MessageResponse resetPassword(@Valid @RequestBody AccountWire.ResetPasswordRequest request,
            HttpServletRequest http) {
        accounts.resetPassword(request.token(), request.password(), http.getRemoteAddr());
        return new AccountWire.MessageResponse(true, "Password reset; sign in with the new password");
    }

    /** Account changes need the user's own token, not an API key or another principal. */
    static void requireInteractiveUser(SymbiaPrincipal principal) {
        if (!principal.isUser() || principal.method() != AuthMethod.ACCESS_TOKEN) {
            throw ProblemException.forbidden("This action needs a signed-in user (not an API key, agent or service).");
        }
    }
}
