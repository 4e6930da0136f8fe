package dev.symbia.test.fuzz;

import dev.symbia.test.auth.TestIdentity;
import java.util.Map;
import java.util.UUID;

/**
 * Who the fuzzer sends as: a name for the report, the headers that authenticate it (none for an anonymous
 * caller), and values for path parameters by name (a proper user's own {@code orgId}, so requests reach
 * past the org check). A parameter without a value gets a fresh UUID.
 */
public record FuzzCaller(String name, Map<String, String> headers, Map<String, String> pathValues) {

    public FuzzCaller {
        headers = Map.copyOf(headers);
        pathValues = Map.copyOf(pathValues);
    }

    public static FuzzCaller anonymous() {
        return new FuzzCaller("anonymous", Map.of(), Map.of());
    }

    public static FuzzCaller bearer(String name, String token, Map<String, String> pathValues) {
        return new FuzzCaller(name, Map.of("Authorization", "Bearer " + token), pathValues);
    }

    /** An admin of {@code org} acting in it ({@code X-Org-Id}), with {@code orgId} as its path value: the usual proper user. */
    public static FuzzCaller orgAdmin(TestIdentity identity, String org) {
        return bearer("org admin", identity.user(UUID.randomUUID().toString()).member(org, "admin").token(),
                Map.of("orgId", org)).withHeader("X-Org-Id", org);
    }

    /** An admin of a fresh org who names {@code org} in paths: the usual user of another org. */
    public static FuzzCaller adminOfAnotherOrg(TestIdentity identity, String org) {
        return bearer("user of another org",
                identity.user(UUID.randomUUID().toString()).member(UUID.randomUUID().toString(), "admin").token(),
                Map.of("orgId", org));
    }

    /** The same caller sending one more header (an {@code X-Org-Id}, say). */
    public FuzzCaller withHeader(String header, String value) {
        Map<String, String> more = new java.util.HashMap<>(headers);
        more.put(header, value);
        return new FuzzCaller(name, more, pathValues);
    }
}
