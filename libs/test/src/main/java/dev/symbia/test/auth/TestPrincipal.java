package dev.symbia.test.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A user, agent or service of a {@link TestIdentity}, described fluently and turned into the
 * credentials identity would hand it: {@link #token()}, {@link #apiKey(String...)}, and the bad
 * variants tests need ({@link #expiredToken()}, {@link #tokenSignedWithWrongKey()},
 * {@link #tamperedToken()}).
 *
 * <pre>{@code
 * String admin = identity.user("u1").member("orgA", "admin").member("orgB", "viewer").token();
 * String agent = identity.agent("a1", "assistant:onboarding", "orgA").caps("cap:messaging.write").token();
 * String svc   = identity.service("messaging").token();
 * }</pre>
 */
public final class TestPrincipal {

    /** Wire values of {@code typ} (dev.symbia.auth.PrincipalType#wire). */
    public enum Type {
        USER("user"), AGENT("agent"), SERVICE("service");

        private final String wire;

        Type(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    private final TestIdentity identity;
    private final Type type;
    private final String id;
    private final Map<String, String> orgs = new LinkedHashMap<>();
    private final Set<String> platformCaps = new LinkedHashSet<>();
    private Set<String> explicitCaps;
    private String defaultOrg;
    private boolean defaultOrgChosen;
    private boolean superAdmin;
    private String email;
    private String name;
    private String agentId;

    TestPrincipal(TestIdentity identity, Type type, String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a principal needs an id");
        }
        this.identity = identity;
        this.type = type;
        this.id = id;
        if (type == Type.USER) {
            this.email = id + "@example.test";
            this.name = id;
        } else {
            this.name = id;
        }
    }

    static TestPrincipal agent(TestIdentity identity, String id, String agentId, String org) {
        TestPrincipal agent = new TestPrincipal(identity, Type.AGENT, id);
        agent.agentId = agentId;
        agent.name = agentId;
        // As identity: agents act only in their own org, with the pseudo-role "agent" (it grants nothing).
        agent.orgs.put(org, "agent");
        identity.remember(org, agentId);
        agent.defaultOrg = org;
        agent.defaultOrgChosen = true;
        agent.explicitCaps = new LinkedHashSet<>();
        return agent;
    }

    /** Makes the principal a member of {@code org} with {@code role}; the first org becomes the default. */
    public TestPrincipal member(String org, String role) {
        requireType(Type.USER, "org memberships");
        orgs.put(org, role);
        identity.remember(org, id);
        identity.rememberUser(this);
        if (!defaultOrgChosen && defaultOrg == null) {
            defaultOrg = org;
        }
        return this;
    }

    /** The token's {@code org} claim; null for a user with no default org. */
    public TestPrincipal defaultOrg(String org) {
        requireType(Type.USER, "a chosen default org");
        this.defaultOrg = org;
        this.defaultOrgChosen = true;
        return this;
    }

    /** Org-independent grants (claim {@code pcaps}), e.g. what {@code role:publisher} expands to. */
    public TestPrincipal platformCaps(String... caps) {
        return platformCaps(Arrays.asList(caps));
    }

    public TestPrincipal platformCaps(Collection<String> caps) {
        requireType(Type.USER, "platform capabilities");
        platformCaps.addAll(caps);
        return this;
    }

    /**
     * The effective capabilities, as given. For agents this is what an org admin granted them; for
     * users it replaces what identity would compute from the role (only for odd cases).
     */
    public TestPrincipal caps(String... caps) {
        explicitCaps = new LinkedHashSet<>(Arrays.asList(caps));
        return this;
    }

    public TestPrincipal superAdmin() {
        requireType(Type.USER, "super admin");
        this.superAdmin = true;
        return this;
    }

    public TestPrincipal email(String email) {
        requireType(Type.USER, "an email");
        this.email = email;
        return this;
    }

    public TestPrincipal name(String name) {
        this.name = name;
        return this;
    }

    public Type type() {
        return type;
    }

    public String id() {
        return id;
    }

    public String defaultOrg() {
        return type == Type.SERVICE ? null : defaultOrg;
    }

    public Map<String, String> orgs() {
        return Map.copyOf(orgs);
    }

    public boolean isSuperAdmin() {
        return superAdmin;
    }

    /**
     * Effective capabilities in the default org, computed as identity does: explicit grants plus
     * what the role there grants (libs/auth's {@code Roles} table).
     */
    public Set<String> capabilities() {
        if (explicitCaps != null) {
            return Set.copyOf(explicitCaps);
        }
        if (type != Type.USER) {
            return Set.of();
        }
        Set<String> caps = new LinkedHashSet<>(platformCaps);
        String role = defaultOrg == null ? null : orgs.get(defaultOrg);
        caps.addAll(RoleTable.orgCapabilities(role));
        return caps;
    }

    /**
     * As identity's acting token: this user in {@code org} only, with the rights the role there (and the
     * platform grants) give, never super admin. Null when the user is not a member of {@code org}.
     */
    TestPrincipal actingIn(String org) {
        String role = orgs.get(org);
        if (type != Type.USER || role == null) {
            return null;
        }
        TestPrincipal acting = new TestPrincipal(identity, Type.USER, id);
        acting.orgs.put(org, role);
        acting.defaultOrg = org;
        acting.defaultOrgChosen = true;
        acting.platformCaps.addAll(platformCaps);
        acting.explicitCaps = explicitCaps == null ? null : new LinkedHashSet<>(explicitCaps);
        acting.email = email;
        acting.name = name;
        return acting;
    }

    /** The claims identity's TokenIssuer would put into this principal's access token, issued now. */
    public JWTClaimsSet claims() {
        return claims(identity.now());
    }

    /** The same, issued at {@code issuedAt} (lifetime as identity's: 15 min, service tokens 5 min). */
    public JWTClaimsSet claims(Instant issuedAt) {
        JWTClaimsSet.Builder claims = identity.baseClaims(id, type, issuedAt,
                type == Type.SERVICE ? TestIdentity.SERVICE_TOKEN_TTL : TestIdentity.ACCESS_TOKEN_TTL);
        List<String> caps = new ArrayList<>(capabilities());
        switch (type) {
            case USER -> claims
                    .claim(TestIdentity.EMAIL, email)
                    .claim(TestIdentity.NAME, name)
                    .claim(TestIdentity.ORG, defaultOrg)
                    .claim(TestIdentity.ORGS, new LinkedHashMap<>(orgs))
                    .claim(TestIdentity.CAPS, caps)
                    .claim(TestIdentity.PLATFORM_CAPS, new ArrayList<>(platformCaps))
                    .claim(TestIdentity.SUPER_ADMIN, superAdmin);
            case AGENT -> claims
                    .claim(TestIdentity.AGENT_ID, agentId)
                    .claim(TestIdentity.NAME, name)
                    .claim(TestIdentity.ORG, defaultOrg)
                    .claim(TestIdentity.ORGS, new LinkedHashMap<>(orgs))
                    .claim(TestIdentity.CAPS, caps)
                    .claim(TestIdentity.SUPER_ADMIN, false);
            case SERVICE -> claims
                    .claim(TestIdentity.NAME, name)
                    .claim(TestIdentity.ORGS, Map.of())
                    .claim(TestIdentity.CAPS, List.of())
                    .claim(TestIdentity.SUPER_ADMIN, false);
        }
        return claims.build();
    }

    /** A valid access token, signed with the identity's current key. */
    public String token() {
        return identity.issue(this, claims());
    }

    /** {@code Bearer <token>}, for an {@code Authorization} header. */
    public String bearer() {
        return "Bearer " + token();
    }

    /** Correctly signed, but expired well beyond any clock skew. */
    public String expiredToken() {
        return identity.issue(this, claims(identity.now().minus(TestIdentity.ACCESS_TOKEN_TTL).minusSeconds(300)));
    }

    /** Same claims and {@code kid}, signed with a key identity never published (a forgery). */
    public String tokenSignedWithWrongKey() {
        return identity.signWithForeignKey(claims());
    }

    /** A valid token whose payload was then changed (super admin added): the signature no longer matches. */
    public String tamperedToken() {
        return TestIdentity.tamper(token());
    }

    /**
     * Registers an API key for this principal and returns it ({@code sk_} + 64 hex). Its
     * capabilities are {@code scopes} narrowed to the principal's own (never more, as in identity);
     * no scopes means all of the principal's capabilities.
     */
    public String apiKey(String... scopes) {
        Set<String> caps = capabilities();
        if (scopes.length > 0) {
            Set<String> narrowed = new LinkedHashSet<>(Arrays.asList(scopes));
            narrowed.retainAll(caps);
            caps = narrowed;
        }
        return identity.registerApiKey(this, caps);
    }

    String email() {
        return email;
    }

    String name() {
        return name;
    }

    String agentId() {
        return agentId;
    }

    private void requireType(Type expected, String what) {
        if (type != expected) {
            throw new IllegalStateException(type.wire() + " principals have no " + what + " in identity's tokens");
        }
    }
}
