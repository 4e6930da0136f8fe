package dev.symbia.auth;

import java.io.Serial;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A verified principal in Spring Security's context; capabilities double as authorities. */
public final class SymbiaAuthentication extends AbstractAuthenticationToken {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient SymbiaPrincipal principal;

    public SymbiaAuthentication(SymbiaPrincipal principal) {
        super(authorities(principal));
        this.principal = principal;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public SymbiaPrincipal getPrincipal() {
        return principal;
    }

    @Override
    public String getName() {
        return principal.type().wire() + ":" + principal.id();
    }

    private static List<GrantedAuthority> authorities(SymbiaPrincipal principal) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority("TYPE_" + principal.type().wire()));
        principal.caps().forEach(cap -> authorities.add(new SimpleGrantedAuthority(cap)));
        return authorities;
    }
}
