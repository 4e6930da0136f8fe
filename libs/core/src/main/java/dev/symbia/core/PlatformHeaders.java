package dev.symbia.core;

/** Request headers whose names are contracts between the platform's services (SPEC §3). */
public final class PlatformHeaders {

    /** The org a request acts in; honoured for members, super admins and services. */
    public static final String ORG = "X-Org-Id";

    /** On {@code /api/internal/**}: the user a calling service acts for (with {@link #ORG}). */
    public static final String ACTING_USER = "X-Symbia-User-Id";

    private PlatformHeaders() {
    }
}
