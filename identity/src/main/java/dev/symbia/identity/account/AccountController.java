package dev.symbia.identity.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.symbia.auth.AuthMethod;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.identity.agent.AgentStore;
import dev.symbia.identity.agent.AgentView;
import dev.symbia.identity.token.UserSnapshot;
import dev.symbia.identity.user.UserStore;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.web.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Register, login, refresh, logout, me and passwords (reference shapes, §1.2). */
@RestController
class AccountController {

    private final AccountService accounts;
    private final UserStore users;
    private final AgentStore agents;
    private final TokenCookie cookie;
    private final RequestBodies bodies;

    AccountController(AccountService accounts, UserStore users, AgentStore agents, TokenCookie cookie,
            RequestBodies bodies) {
        this.accounts = accounts;
        this.bodies = bodies;
        this.users = users;
        this.agents = agents;
        this.cookie = cookie;
    }

    @Operation(summary = "Create an account (the first one becomes super admin unless SYMBIA_ADMIN_EMAIL made one)")
    @PostMapping({"/api/auth/register", "/api/auth/user/register"})
    ResponseEntity<AccountWire.RegisterResponse> register(@RequestBody JsonNode body, HttpServletRequest http) {
        var request = bodies.read(body, AccountWire.RegisterRequest.class);
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
    ResponseEntity<AccountWire.LoginResponse> login(@RequestBody JsonNode body, HttpServletRequest http) {
        var request = bodies.read(body, AccountWire.LoginRequest.class);
        AccountService.Session session = accounts.login(request.email(), request.password(), http.getRemoteAddr());
        return ResponseEntity.ok().header(TokenCookie.header(), cookie.set(session.access()))
                .body(new AccountWire.LoginResponse(AccountWire.LoginUserView.of(session.user()),
                        session.access().token(), session.refreshToken(), session.access().expiresIn()));
    }

    @Operation(summary = "Exchange a refresh token for new tokens (rotation; reuse revokes the session)")
    @PostMapping({"/api/auth/refresh", "/api/auth/user/refresh"})
    ResponseEntity<AccountWire.RefreshResponse> refresh(@RequestBody JsonNode body) {
        var request = bodies.read(body, AccountWire.RefreshRequest.class);
        AccountService.Session session = accounts.refresh(request.refreshToken());
        return ResponseEntity.ok().header(TokenCookie.header(), cookie.set(session.access()))
                .body(new AccountWire.RefreshResponse(session.access().token(), session.refreshToken(),
                        session.access().expiresIn()));
    }

    @Operation(summary = "Sign out: revoke the refresh token's session and clear the cookie")
    @PostMapping("/api/auth/logout")
    ResponseEntity<AccountWire.MessageResponse> logout(@RequestBody(required = false) JsonNode body) {
        if (body != null && !body.isNull()) { // no body at all: the cookie is cleared all the same
            accounts.logout(bodies.read(body, AccountWire.LogoutRequest.class).refreshToken());
        }
        return ResponseEntity.ok().header(TokenCookie.header(), cookie.clear())
                .body(new AccountWire.MessageResponse(true, "Logged out"));
    }

    @Operation(summary = "The current principal: user, agent or service")
    @GetMapping("/api/auth/me")
    Me me(SymbiaPrincipal principal) {
        String orgId = principal.orgId();
        Set<String> caps = principal.caps();
        String type = principal.type().wire();
        String method = principal.method() == AuthMethod.API_KEY ? "api_key" : "token";
        return switch (principal.type()) {
            case USER -> {
                UserSnapshot user = users.snapshot(UUID.fromString(principal.id()))
                        .orElseThrow(() -> ProblemException.unauthenticated("The account no longer exists."));
                var orgs = AccountWire.OrgMembershipView.of(user);
                yield new Me(type, new MeUser(user.id().toString(), user.email(), user.name(), user.superAdmin(), orgs,
                        List.copyOf(user.platformCaps()), user.grants().stream().filter(g -> g.startsWith("role:")).toList()),
                        orgs, null, null, orgId, caps, method);
            }
            case AGENT -> new Me(type, null, null, agents.find(UUID.fromString(principal.id())).map(AgentView::of)
                    .orElseThrow(() -> ProblemException.unauthenticated("The agent no longer exists.")),
                    null, orgId, caps, method);
            case SERVICE -> new Me(type, null, null, null, new ServiceView(principal.id()), orgId, caps, method);
        };
    }

    /** {@code /api/auth/me}: one of user, agent or service is present, as the type says. */
    record Me(String type,
            @JsonInclude(JsonInclude.Include.NON_NULL) MeUser user,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<AccountWire.OrgMembershipView> organizations,
            @JsonInclude(JsonInclude.Include.NON_NULL) AgentView agent,
            @JsonInclude(JsonInclude.Include.NON_NULL) ServiceView service,
            String orgId, Set<String> capabilities, String authMethod) {
    }

    record MeUser(String id, String email, String name, boolean isSuperAdmin,
            List<AccountWire.OrgMembershipView> organizations, List<String> entitlements, List<String> roles) {
    }

    record ServiceView(String id) {
    }

    @Operation(summary = "Change the current user's password (ends every other session)")
    @PostMapping({"/api/users/me/password", "/api/auth/password"})
    AccountWire.MessageResponse changePassword(SymbiaPrincipal principal,
            @RequestBody JsonNode body) {
        var request = bodies.read(body, AccountWire.ChangePasswordRequest.class);
        requireInteractiveUser(principal);
        accounts.changePassword(UUID.fromString(principal.id()), request.currentPassword(), request.newPassword());
        return new AccountWire.MessageResponse(true, "Password changed");
    }

    @Operation(summary = "Ask for a password-reset link (always the same answer)")
    @PostMapping("/api/auth/forgot-password")
    ResponseEntity<AccountWire.ResetRequested> forgotPassword(@RequestBody JsonNode body, HttpServletRequest http) {
        var request = bodies.read(body, AccountWire.ForgotPasswordRequest.class);
        accounts.forgotPassword(request.email(), http.getRemoteAddr());
        return ResponseEntity.accepted().body(new AccountWire.ResetRequested(
                "If an account exists for this email, a reset link has been sent.", accounts.mailEnabled()));
    }

    @Operation(summary = "Set a new password with a reset token")
    @PostMapping("/api/auth/reset-password")
    AccountWire.MessageResponse resetPassword(@RequestBody JsonNode body, HttpServletRequest http) {
        var request = bodies.read(body, AccountWire.ResetPasswordRequest.class);
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
