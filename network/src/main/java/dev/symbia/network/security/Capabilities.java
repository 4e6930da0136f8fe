package dev.symbia.network.security;

/** The capabilities the network checks (SPEC §3 {@code cap:<area>.<action>}). */
public final class Capabilities {

    public static final String TOPOLOGY_READ = "cap:network.topology.read";
    public static final String EVENTS_READ = "cap:network.events.read";
    public static final String EVENTS_WRITE = "cap:network.events.write";
    public static final String TRACES_READ = "cap:network.traces.read";
    public static final String POLICIES_READ = "cap:network.policies.read";
    public static final String POLICIES_WRITE = "cap:network.policies.write";
    public static final String CONTRACTS_WRITE = "cap:network.contracts.write";
    public static final String NODES_ADMIN = "cap:network.nodes.admin";

    private Capabilities() {
    }
}
