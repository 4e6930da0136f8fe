package dev.symbia.network.fuzz;

import dev.symbia.test.auth.TestIdentity;
import dev.symbia.test.fuzz.ApiFuzzTests;
import dev.symbia.test.fuzz.FuzzCaller;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.test.context.TestPropertySource;

/**
 * Every network endpoint under hostile input (libs/test's fuzz suite), in a context of its own: what the
 * fuzzer registers (nodes, policies, contracts) never reaches the other network tests. The proper user holds
 * every network capability; the other user none.
 */
@TestPropertySource(properties = {
        "NETWORK_HASH_SECRET=" + NetworkFuzzTests.SECRET,
        "INTERNAL_SERVICE_SECRET=${symbia.test.identity.service-secret}",
        "symbia.network.delivery.backoff=20ms",
        "symbia.network.delivery.read-timeout=2s",
        "symbia.network.delivery.connect-timeout=1s"})
class NetworkFuzzTests extends ApiFuzzTests {

    static final String SECRET = "network-fuzz-secret-0123456789abcdefghij";
    private static final TestIdentity IDENTITY = TestIdentity.shared();
    private static final String ORG = UUID.randomUUID().toString();

    @Override
    protected FuzzCaller user() {
        return FuzzCaller.bearer("network operator", IDENTITY.user(UUID.randomUUID().toString()).member(ORG, "admin")
                .platformCaps("cap:network.topology.read", "cap:network.events.read", "cap:network.events.write",
                        "cap:network.traces.read", "cap:network.policies.read", "cap:network.policies.write",
                        "cap:network.contracts.write", "cap:network.nodes.admin").token(), Map.of("orgId", ORG));
    }

    @Override
    protected FuzzCaller userOfAnotherOrg() {
        return FuzzCaller.bearer("user without network capabilities",
                IDENTITY.user(UUID.randomUUID().toString()).member(UUID.randomUUID().toString(), "member").token(),
                Map.of("orgId", ORG));
    }

    @Override
    protected List<String> secrets() {
        return List.of(SECRET);
    }
}
