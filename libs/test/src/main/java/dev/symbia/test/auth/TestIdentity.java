package dev.symbia.test.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.symbia.core.ProblemTypes;
import dev.symbia.core.ServiceCallers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A fake identity service for other services' tests: real ES256 access tokens with exactly the
 * claims identity issues, and a loopback HTTP server with the endpoints services call —
 * {@code GET /.well-known/jwks.json}, {@code POST /api/auth/introspect} (API keys and tokens it
 * issued), {@code POST /api/auth/service-token} and the credential vault's
 * {@code GET /api/internal/credentials/{userId}/{provider}?orgId=}, the membership lookup and the acting tokens
 * ({@code POST /api/internal/acting-tokens}, for the users given a membership).
 *
 * <p>{@link #shared()} is the one instance every Spring test context points at automatically
 * ({@code symbia.auth.identity-url}, see {@link TestIdentityContextCustomizerFactory}); mint tokens
 * from it and send them to the service under test. {@link #create()} gives a private instance for
 * tests that rotate keys, count requests or take identity down. The server starts on the first
 * {@link #url()}; minting alone needs no socket.
 */
public final class TestIdentity implements AutoCloseable {

    // Claim names, copied from dev.symbia.auth.TokenClaims (which identity's TokenIssuer mints with);
    // libs/auth's TestIdentityCompatibilityTests fails if the two lists ever differ.
    static final String TYP = "typ";
    static final String EMAIL = "email";
    static final String NAME = "name";
    static final String AGENT_ID = "agentId";
    static final String ORG = "org";
    static final String ORGS = "orgs";
    static final String CAPS = "caps";
    static final String PLATFORM_CAPS = "pcaps";
    static final String SUPER_ADMIN = "sa";
    /** Every claim name a token from here can carry. */
    public static final List<String> CLAIM_NAMES = List.of("iss", "sub", "iat", "exp", "jti", TYP, EMAIL, NAME,
            AGENT_ID, ORG, ORGS, CAPS, PLATFORM_CAPS, SUPER_ADMIN);

    /** identity's issuer ({@code symbia.auth.issuer} default). */
    public static final String ISSUER = "symbia-identity";
    /** Lifetimes as identity's defaults. */
    public static final Duration ACCESS_TOKEN_TTL = Duration.ofMinutes(15);
    public static final Duration SERVICE_TOKEN_TTL = Duration.ofMinutes(5);
    /** Services allowed to read decrypted credentials (identity's {@code vault-readers} default). */
    public static final Set<String> VAULT_READERS = Set.of("integrations", "assistants", "runtime");
    /** The services identity lets act for users (its {@code ActingTokenController.CALLERS}). */
    public static final Set<String> ACTING_CALLERS = Set.of("assistants", "runtime");

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_BODY = 64 * 1024;
    private static volatile TestIdentity shared;

    private final Clock clock;
    private final String keyPrefix = "test-" + HexFormat.of().formatHex(randomBytes(4)) + "-";
    private final String serviceSecret = HexFormat.of().formatHex(randomBytes(24));
    private final List<ECKey> published = new CopyOnWriteArrayList<>();
    private volatile ECKey signingKey;
    private int keyCount;
    private final Map<String, ApiKeyRecord> apiKeys = new ConcurrentHashMap<>();
    private final Map<String, IssuedToken> issued = new ConcurrentHashMap<>();
    private final Map<String, StoredCredential> credentials = new ConcurrentHashMap<>();
    /** org id -> principal ids (users by id, agents by public agent id) made part of it, for the membership lookup. */
    private final Map<String, Set<String>> members = new ConcurrentHashMap<>();
    private final Map<String, TestPrincipal> users = new ConcurrentHashMap<>();
    private final Queue<String> requestLog = new ConcurrentLinkedQueue<>();
    private volatile boolean available = true;
    private HttpServer server;
    private ExecutorService executor;

    private TestIdentity(Clock clock) {
        this.clock = clock;
        rotateKey();
    }

    /** The instance every Spring test context in this JVM is pointed at. */
    public static TestIdentity shared() {
        TestIdentity s = shared;
        if (s == null) {
            synchronized (TestIdentity.class) {
                s = shared;
                if (s == null) {
                    s = new TestIdentity(Clock.systemUTC());
                    shared = s;
                }
            }
        }
        return s;
    }

    /** A private instance on the system clock; close it when done. */
    public static TestIdentity create() {
        return new TestIdentity(Clock.systemUTC());
    }

    /** A private instance whose tokens are issued at {@code clock}'s time. */
    public static TestIdentity create(Clock clock) {
        return new TestIdentity(clock);
    }

    // ---------------------------------------------------------------- principals

    /** A user (by default no orgs; add them with {@link TestPrincipal#member}). */
    public TestPrincipal user(String id) {
        return new TestPrincipal(this, TestPrincipal.Type.USER, id);
    }

    /** A super admin with no org of its own. */
    public TestPrincipal superAdmin(String id) {
        return user(id).superAdmin();
    }

    /** An agent of {@code org}: {@code id} is its row id (the token's sub), {@code agentId} its public id. */
    public TestPrincipal agent(String id, String agentId, String org) {
        return TestPrincipal.agent(this, id, agentId, org);
    }

    /** One of the nine services (or the gateway), as its service token describes it. */
    public TestPrincipal service(String serviceId) {
        return new TestPrincipal(this, TestPrincipal.Type.SERVICE, serviceId);
    }

    // ---------------------------------------------------------------- keys and signing

    /** Starts signing with a new key; the old ones stay published (as identity does until their tokens expire). */
    public synchronized ECKey rotateKey() {
        ECKey key = newKey(keyPrefix + (++keyCount));
        published.add(key);
        signingKey = key;
        return key;
    }

    /** Stops publishing a key: tokens signed with it no longer verify once a service refetches the JWKS. */
    public void retireKey(String kid) {
        published.removeIf(key -> key.getKeyID().equals(kid));
    }

    /** The current signing key (private part included). */
    public ECKey signingKey() {
        return signingKey;
    }

    /** A published public key, for tests that wire a {@code VerificationKeys} without HTTP. */
    public Optional<JWK> publicKey(String kid) {
        return published.stream().filter(key -> key.getKeyID().equals(kid)).findFirst().map(ECKey::toPublicJWK);
    }

    /** The JWKS document as served (public parts only). */
    public String jwks() {
        return new JWKSet(List.copyOf(published)).toPublicJWKSet().toString();
    }

    /** Signs arbitrary claims with the current key, for tests of odd tokens (wrong issuer, no expiry…). */
    public String sign(JWTClaimsSet claims) {
        return sign(signingKey, claims, header -> { });
    }

    public String sign(JWTClaimsSet claims, Consumer<JWSHeader.Builder> headerCustomizer) {
        return sign(signingKey, claims, headerCustomizer);
    }

    public static ECKey newKey(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JWKS document with the public parts of {@code keys}. */
    public static String jwks(ECKey... keys) {
        return new JWKSet(List.of(keys)).toPublicJWKSet().toString();
    }

    /** Signs like identity's TokenIssuer: ES256, the key's {@code kid}, {@code typ: JWT}. */
    public static String sign(ECKey key, JWTClaimsSet claims, Consumer<JWSHeader.Builder> headerCustomizer) {
        try {
            JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT);
            headerCustomizer.accept(header);
            SignedJWT jwt = new SignedJWT(header.build(), claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The token with its payload changed after signing — {@code sa} set to true (or, if it already
     * was, the subject changed) — and header and signature kept: a forgery a verifier must reject.
     */
    public static String tamper(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a compact JWS");
        }
        ObjectNode payload = (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        if (payload.path(SUPER_ADMIN).asBoolean(false)) {
            payload.put("sub", payload.path("sub").asString("") + "-forged");
        } else {
            payload.put(SUPER_ADMIN, true);
        }
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(payload));
        return parts[0] + "." + forged + "." + parts[2];
    }

    // ---------------------------------------------------------------- vault and switches

    /** Stores a user's own provider key in {@code orgId} (null: any org), as the vault would. */
    public void credential(String userId, String orgId, String provider, String apiKey) {
        credentials.put(credentialKey(userId, orgId, provider), new StoredCredential(UUID.randomUUID().toString(),
                provider, apiKey, false, userId, orgId));
    }

    /** Stores an org-wide provider key, used when the user has none of their own. */
    public void orgCredential(String orgId, String provider, String apiKey) {
        credentials.put(credentialKey(null, orgId, provider), new StoredCredential(UUID.randomUUID().toString(),
                provider, apiKey, true, "org-admin", orgId));
    }

    public void revokeApiKey(String apiKey) {
        apiKeys.remove(sha256(apiKey));
    }

    /** While false, every endpoint answers 503 (identity down or overloaded). */
    public void setAvailable(boolean available) {
        this.available = available;
    }

    /** {@code INTERNAL_SERVICE_SECRET} as this identity knows it (random per instance: no default credentials). */
    public String serviceSecret() {
        return serviceSecret;
    }

    /** Requests served so far, as {@code "METHOD /path"}. */
    public List<String> requests() {
        return List.copyOf(requestLog);
    }

    /** How many requests started with {@code prefix}, e.g. {@code "GET /.well-known/jwks.json"}. */
    public long requestCount(String prefix) {
        return requestLog.stream().filter(r -> r.startsWith(prefix)).count();
    }

    // ---------------------------------------------------------------- the server

    /** The base URL ({@code http://127.0.0.1:<port>}); starts the server on first use. */
    public synchronized String url() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the test identity", e);
            }
            executor = Executors.newVirtualThreadPerTaskExecutor();
            server.setExecutor(executor);
            server.createContext("/", this::handle);
            server.start();
        }
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String jwksUrl() {
        return url() + "/.well-known/jwks.json";
    }

    @Override
    public synchronized void close() {
        if (this == shared) {
            return; // lives as long as the JVM: cached Spring contexts keep pointing at it
        }
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            requestLog.add(method + " " + path);
            if (!available) {
                problem(exchange, 503, ProblemTypes.UNAVAILABLE, "identity is unavailable (TestIdentity switched off)");
                return;
            }
            if (method.equals("GET") && path.equals("/.well-known/jwks.json")) {
                respond(exchange, 200, "application/jwk-set+json", jwks());
            } else if (method.equals("POST") && path.equals("/api/auth/introspect")) {
                respond(exchange, 200, "application/json", JSON.writeValueAsString(introspect(body(exchange))));
            } else if (method.equals("POST") && path.equals("/api/auth/service-token")) {
                serviceToken(exchange, body(exchange));
            } else if (method.equals("GET") && path.startsWith("/api/internal/credentials/")) {
                vault(exchange, path);
            } else if (method.equals("GET") && path.startsWith("/api/internal/orgs/")) {
                membership(exchange, path);
            } else if (method.equals("POST") && path.equals("/api/internal/acting-tokens")) {
                actingToken(exchange, body(exchange));
            } else {
                problem(exchange, 404, ProblemTypes.NOT_FOUND, "TestIdentity does not serve " + method + " " + path);
            }
        } catch (RuntimeException e) {
            problem(exchange, 500, ProblemTypes.INTERNAL, "TestIdentity failed: " + e);
        }
    }

    /** RFC 7662, shaped like identity's answer; anything unknown, revoked, expired or malformed is inactive. */
    private Map<String, Object> introspect(JsonNode body) {
        String token = body == null ? "" : body.path("token").asString("");
        if (token.isBlank()) {
            return Map.of("active", false);
        }
        String hash = sha256(token);
        ApiKeyRecord key = apiKeys.get(hash);
        if (key != null) {
            return key.introspection();
        }
        IssuedToken access = issued.get(hash);
        if (access == null || !now().isBefore(access.expiresAt())) {
            return Map.of("active", false);
        }
        return access.introspection();
    }

    private void serviceToken(HttpExchange exchange, JsonNode body) throws IOException {
        String serviceId = body == null ? "" : body.path("serviceId").asString("");
        String secret = body == null ? "" : body.path("secret").asString("");
        if (serviceId.isBlank() || secret.isBlank()) {
            problem(exchange, 400, ProblemTypes.VALIDATION, "serviceId and secret are required.");
            return;
        }
        // Compare first, whatever the service id, as identity does.
        boolean secretOk = MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8),
                serviceSecret.getBytes(StandardCharsets.UTF_8));
        if (!secretOk || !ServiceCallers.isKnown(serviceId)) {
            problem(exchange, 401, ProblemTypes.UNAUTHENTICATED, "Unknown service or wrong secret.");
            return;
        }
        TestPrincipal service = service(serviceId);
        JWTClaimsSet claims = service.claims();
        String token = issue(service, claims);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("token", token);
        answer.put("tokenType", "Bearer");
        answer.put("expiresIn", SERVICE_TOKEN_TTL.toSeconds());
        answer.put("expiresAt", claims.getExpirationTime().toInstant().toString());
        respond(exchange, 200, "application/json", JSON.writeValueAsString(answer));
    }

    /** The unexpired token this fake issued that the request carries as its bearer, or null. */
    private IssuedToken bearer(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        IssuedToken caller = authorization != null && authorization.startsWith("Bearer ")
                ? issued.get(sha256(authorization.substring(7).trim())) : null;
        return caller != null && now().isBefore(caller.expiresAt()) ? caller : null;
    }

    /** Users by id (those given an org membership), for acting tokens. */
    void rememberUser(TestPrincipal user) {
        users.put(user.id(), user);
    }

    /**
     * identity's {@code POST /api/internal/acting-tokens}: the assistants' or runtime's service token only; the user's token in
     * that one org with the rights the role there gives (404 when not a member).
     */
    private void actingToken(HttpExchange exchange, JsonNode body) throws IOException {
        IssuedToken caller = bearer(exchange);
        if (caller == null) {
            problem(exchange, 401, ProblemTypes.UNAUTHENTICATED, "A service token is required.");
            return;
        }
        if (caller.type() != TestPrincipal.Type.SERVICE || !ACTING_CALLERS.contains(caller.subject())) {
            problem(exchange, 403, ProblemTypes.FORBIDDEN, "Only the assistants and runtime services may act for users.");
            return;
        }
        String userId = body == null ? "" : body.path("userId").asString("");
        String orgId = body == null ? "" : body.path("orgId").asString("");
        TestPrincipal user = users.get(userId);
        TestPrincipal acting = user == null ? null : user.actingIn(orgId);
        if (acting == null) {
            problem(exchange, 404, ProblemTypes.NOT_FOUND, "Member not found.");
            return;
        }
        JWTClaimsSet claims = acting.claims();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("token", issue(acting, claims));
        answer.put("tokenType", "Bearer");
        answer.put("expiresIn", ACCESS_TOKEN_TTL.toSeconds());
        answer.put("expiresAt", claims.getExpirationTime().toInstant().toString());
        respond(exchange, 200, "application/json", JSON.writeValueAsString(answer));
    }

    /** Records that a principal belongs to an org, as identity would know it (TestPrincipal.member, agents). */
    void remember(String org, String principalId) {
        members.computeIfAbsent(org, o -> ConcurrentHashMap.newKeySet()).add(principalId);
    }

    /** identity's {@code GET /api/internal/orgs/{orgId}/principals/{principalId}}: services only; 404 for non-members. */
    private void membership(HttpExchange exchange, String path) throws IOException {
        IssuedToken caller = bearer(exchange);
        if (caller == null) {
            problem(exchange, 401, ProblemTypes.UNAUTHENTICATED, "A service token is required.");
            return;
        }
        if (caller.type() != TestPrincipal.Type.SERVICE) {
            problem(exchange, 403, ProblemTypes.FORBIDDEN, "Only services can look up memberships.");
            return;
        }
        String[] segments = path.substring("/api/internal/orgs/".length()).split("/");
        if (segments.length != 3 || !segments[1].equals("principals")) {
            problem(exchange, 404, ProblemTypes.NOT_FOUND, "TestIdentity does not serve GET " + path);
            return;
        }
        String org = URLDecoder.decode(segments[0], StandardCharsets.UTF_8);
        String principal = URLDecoder.decode(segments[2], StandardCharsets.UTF_8);
        if (!members.getOrDefault(org, Set.of()).contains(principal)) {
            problem(exchange, 404, ProblemTypes.NOT_FOUND, "Member not found.");
            return;
        }
        boolean user = principal.length() == 36 && principal.chars().filter(c -> c == '-').count() == 4;
        respond(exchange, 200, "application/json", JSON.writeValueAsString(Map.of("principalId", principal,
                "principalType", user ? "user" : "agent")));
    }

    /** The vault read: allowed service tokens only; the user's own key, else the org-wide one, else 404. */
    private void vault(HttpExchange exchange, String path) throws IOException {
        IssuedToken caller = bearer(exchange);
        if (caller == null) {
            problem(exchange, 401, ProblemTypes.UNAUTHENTICATED, "A service token is required.");
            return;
        }
        if (caller.type() != TestPrincipal.Type.SERVICE || !VAULT_READERS.contains(caller.subject())) {
            problem(exchange, 403, ProblemTypes.FORBIDDEN, "Only allowed services can read credentials.");
            return;
        }
        String[] segments = path.substring("/api/internal/credentials/".length()).split("/");
        if (segments.length != 2) {
            problem(exchange, 404, ProblemTypes.NOT_FOUND, "Credential not found.");
            return;
        }
        String userId = URLDecoder.decode(segments[0], StandardCharsets.UTF_8);
        String provider = URLDecoder.decode(segments[1], StandardCharsets.UTF_8);
        String orgId = query(exchange, "orgId");
        StoredCredential found = credentials.get(credentialKey(userId, orgId, provider));
        if (found == null) {
            found = credentials.get(credentialKey(userId, null, provider));
        }
        if (found == null && orgId != null) {
            found = credentials.get(credentialKey(null, orgId, provider));
        }
        if (found == null) {
            problem(exchange, 404, ProblemTypes.NOT_FOUND, "Credential not found.");
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("credentialId", found.id());
        answer.put("provider", found.provider());
        answer.put("apiKey", found.apiKey());
        answer.put("metadata", Map.of());
        answer.put("isOrgWide", found.orgWide());
        answer.put("ownerId", found.ownerId());
        answer.put("orgId", found.orgId() != null ? found.orgId() : orgId);
        answer.put("isProxy", found.orgWide());
        respond(exchange, 200, "application/json", JSON.writeValueAsString(answer));
    }

    // ---------------------------------------------------------------- internals for TestPrincipal

    Instant now() {
        return clock.instant();
    }

    JWTClaimsSet.Builder baseClaims(String subject, TestPrincipal.Type type, Instant issuedAt, Duration ttl) {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(subject)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .claim(TYP, type.wire());
    }

    /** Signs and remembers the token, so introspection and the vault can recognise it. */
    String issue(TestPrincipal principal, JWTClaimsSet claims) {
        String token = sign(claims);
        issued.put(sha256(token), new IssuedToken(principal.type(), principal.id(), claims,
                claims.getExpirationTime().toInstant()));
        return token;
    }

    String signWithForeignKey(JWTClaimsSet claims) {
        return sign(newKey(signingKey.getKeyID()), claims, header -> { });
    }

    String registerApiKey(TestPrincipal principal, Set<String> caps) {
        String key = "sk_" + HexFormat.of().formatHex(randomBytes(32));
        apiKeys.put(sha256(key), new ApiKeyRecord(UUID.randomUUID().toString(), principal.type(), principal.id(),
                principal.email(), principal.name(), principal.agentId(), principal.defaultOrg(), principal.orgs(),
                List.copyOf(caps), now()));
        return key;
    }

    // ---------------------------------------------------------------- helpers

    private static String credentialKey(String userId, String orgId, String provider) {
        return userId + "\u0000" + orgId + "\u0000" + provider;
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY);
            try {
                return bytes.length == 0 ? null : JSON.readTree(bytes);
            } catch (RuntimeException malformed) {
                return null;
            }
        }
    }

    private static String query(HttpExchange exchange, String name) {
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null) {
            return null;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                return value.isBlank() ? null : value;
            }
        }
        return null;
    }

    private static void problem(HttpExchange exchange, int status, String code, String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", ProblemTypes.BASE + code);
        problem.put("title", code);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("code", code);
        respond(exchange, status, "application/problem+json", JSON.writeValueAsString(problem));
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private record IssuedToken(TestPrincipal.Type type, String subject, JWTClaimsSet claims, Instant expiresAt) {

        /** identity's introspection of an access token, minus what needs its database (organizations, roles). */
        Map<String, Object> introspection() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("active", true);
            out.put("token_type", "Bearer");
            out.put("type", type.wire());
            out.put("typ", type.wire());
            out.put("sub", subject);
            out.put("iss", claims.getIssuer());
            out.put("iat", claims.getIssueTime() == null ? null : claims.getIssueTime().toInstant().getEpochSecond());
            out.put("exp", expiresAt.getEpochSecond());
            out.put("jti", claims.getJWTID());
            out.put("org", claims.getClaim(ORG));
            out.put("orgs", claims.getClaim(ORGS));
            out.put("caps", claims.getClaim(CAPS));
            out.put("sa", claims.getClaim(SUPER_ADMIN));
            switch (type) {
                case USER -> {
                    out.put("email", claims.getClaim(EMAIL));
                    out.put("name", claims.getClaim(NAME));
                    out.put("isSuperAdmin", claims.getClaim(SUPER_ADMIN));
                }
                case AGENT -> {
                    out.put("agentId", claims.getClaim(AGENT_ID));
                    out.put("name", claims.getClaim(NAME));
                    out.put("orgId", claims.getClaim(ORG));
                    out.put("capabilities", claims.getClaim(CAPS));
                }
                case SERVICE -> out.put("name", claims.getClaim(NAME));
            }
            return out;
        }
    }

    private record ApiKeyRecord(String keyId, TestPrincipal.Type type, String subject, String email, String name,
            String agentId, String org, Map<String, String> orgs, List<String> caps, Instant createdAt) {

        /** identity's introspection of an API key: never super admin, capabilities as scoped. */
        Map<String, Object> introspection() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("active", true);
            out.put("token_type", "api_key");
            out.put("type", type.wire());
            out.put("typ", type.wire());
            out.put("sub", subject);
            out.put("key_id", keyId);
            out.put("client_id", keyId);
            out.put("scope", String.join(" ", caps));
            out.put("email", email);
            out.put("name", name);
            if (agentId != null) {
                out.put("agentId", agentId);
            }
            out.put("org", org);
            out.put("orgs", orgs);
            out.put("caps", caps);
            out.put("scopes", new ArrayList<>(caps));
            out.put("sa", false);
            out.put("iat", createdAt.getEpochSecond());
            return out;
        }
    }

    private record StoredCredential(String id, String provider, String apiKey, boolean orgWide, String ownerId,
            String orgId) {
    }
}
