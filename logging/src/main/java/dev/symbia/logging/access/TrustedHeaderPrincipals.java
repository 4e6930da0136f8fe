package dev.symbia.logging.access;

import dev.symbia.core.RuntimeMode;
import dev.symbia.web.problem.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

// SCAFFOLD: replaced by libs/auth principal.
/**
 * Reads the principal from headers the caller is trusted to set, until libs/auth verifies real
 * credentials. Refuses everything in production, where such headers would be forgeable.
 *
 * <ul>
 * <li>{@code X-Symbia-Principal}: {@code user:<id>}, {@code agent:<id>} or {@code service:<id>}</li>
 * <li>{@code X-Symbia-Orgs}: comma list of the org UUIDs the principal belongs to</li>
 * <li>{@code X-Org-Id}: the selected org (must be one of them, unless super admin)</li>
 * <li>{@code X-Symbia-Caps}: comma list of capabilities, e.g. {@code cap:telemetry.read}</li>
 * <li>{@code X-Symbia-Super-Admin}: {@code true} for a super admin</li>
 * </ul>
 */
final class TrustedHeaderPrincipals implements PrincipalAdapter {

    static final String PRINCIPAL = "X-Symbia-Principal";
    static final String ORGS = "X-Symbia-Orgs";
    static final String ORG = "X-Org-Id";
    static final String CAPS = "X-Symbia-Caps";
    static final String SUPER_ADMIN = "X-Symbia-Super-Admin";
    static final String TELEMETRY_READ = "cap:telemetry.read";

    private static final Pattern PRINCIPAL_FORMAT = Pattern.compile("(user|agent|service):[A-Za-z0-9._@:-]{1,128}");

    private final RuntimeMode mode;

    TrustedHeaderPrincipals(RuntimeMode mode) {
        this.mode = mode;
    }

    @Override
    public Reader reader(HttpServletRequest request) {
        Principal p = principal(request);
        UUID selected = selectedOrg(request, p);
        return new Reader(p.id(), p.orgs(), p.superAdmin() || p.caps().contains(TELEMETRY_READ), selected);
    }

    @Override
    public Writer writer(HttpServletRequest request) {
        Principal p = principal(request);
        if (p.id().startsWith("service:")) {
            // Platform telemetry belongs to the system org, whatever org the service is working for.
            return new Writer(p.id(), Orgs.SYSTEM);
        }
        UUID selected = selectedOrg(request, p);
        if (selected != null) {
            return new Writer(p.id(), selected);
        }
        if (p.orgs().size() == 1) {
            return new Writer(p.id(), p.orgs().iterator().next());
        }
        if (p.orgs().isEmpty()) {
            throw ProblemException.forbidden("The principal belongs to no organisation to write to.");
        }
        throw ProblemException.badRequest("Member of several organisations: say which one with X-Org-Id.");
    }

    private Principal principal(HttpServletRequest request) {
        if (mode.isProduction()) {
            throw new ProblemException(HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required",
                    "Authentication is not configured for the logging service yet.");
        }
        String id = request.getHeader(PRINCIPAL);
        if (id == null || id.isBlank()) {
            throw ProblemException.unauthenticated("No principal on the request.");
        }
        if (!PRINCIPAL_FORMAT.matcher(id.trim()).matches()) {
            throw ProblemException.unauthenticated("Unrecognised principal.");
        }
        Set<UUID> orgs = new LinkedHashSet<>();
        for (String org : list(request.getHeader(ORGS))) {
            orgs.add(uuid(org, ORGS));
        }
        Set<String> caps = new LinkedHashSet<>(list(request.getHeader(CAPS)));
        boolean superAdmin = "true".equalsIgnoreCase(String.valueOf(request.getHeader(SUPER_ADMIN)).trim());
        return new Principal(id.trim(), orgs, caps, superAdmin);
    }

    private static UUID selectedOrg(HttpServletRequest request, Principal p) {
        String header = request.getHeader(ORG);
        if (header == null || header.isBlank()) {
            return null;
        }
        UUID org = uuid(header.trim(), ORG);
        if (!p.orgs().contains(org) && !p.superAdmin()
                && !(Orgs.SYSTEM.equals(org) && p.caps().contains(TELEMETRY_READ))) {
            throw ProblemException.forbidden("Not a member of the organisation in X-Org-Id.");
        }
        return org;
    }

    private static UUID uuid(String value, String header) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(header + " must hold organisation UUIDs.");
        }
    }

    private static java.util.List<String> list(String header) {
        if (header == null || header.isBlank()) {
            return java.util.List.of();
        }
        return Arrays.stream(header.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT).startsWith("cap:") ? s.toLowerCase(Locale.ROOT) : s).toList();
    }

    private record Principal(String id, Set<UUID> orgs, Set<String> caps, boolean superAdmin) {
    }
}
