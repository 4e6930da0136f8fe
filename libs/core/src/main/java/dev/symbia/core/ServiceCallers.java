package dev.symbia.core;

/**
 * Who may hold a service token (SPEC §3): the nine {@link SymbiaService}s and the gateway. The
 * gateway is not a service — nothing routes to it and it has no internal endpoints — and it gets a
 * token only so its telemetry exports are authenticated at logging. Holding a token opens no
 * {@code /api/internal/**} endpoint by itself: those admit only the callers their allow-lists name,
 * and none names the gateway.
 */
public final class ServiceCallers {

    /** The gateway's id as a service-token subject, and its {@code spring.application.name}. */
    public static final String GATEWAY = "gateway";

    private ServiceCallers() {
    }

    /** True for the id of one of the nine services or of the gateway; false for anything else, null included. */
    public static boolean isKnown(String id) {
        return GATEWAY.equals(id) || SymbiaService.byId(id).isPresent();
    }
}
