package dev.symbia.logging.access;

import java.util.UUID;

/** Organisation ids with a platform-wide meaning. */
public final class Orgs {

    /** The system org: telemetry from the platform's own services lands here (SPEC §3, reference §4.5). */
    public static final UUID SYSTEM = UUID.fromString("00000000-0000-0000-0000-000000000001");

    private Orgs() {
    }
}
