package dev.symbia.identity.audit;

import dev.symbia.auth.SymbiaPrincipal;
import java.util.UUID;

/** Who did an audited thing: a principal type and id, or anonymous (failed logins). */
public record Actor(String type, String id) {

    public static Actor of(SymbiaPrincipal principal) {
        return new Actor(principal.type().wire(), principal.id());
    }

    public static Actor user(UUID id) {
        return new Actor("user", id.toString());
    }

    public static Actor service(String id) {
        return new Actor("service", id);
    }

    public static Actor anonymous() {
        return new Actor("anonymous", null);
    }
}
