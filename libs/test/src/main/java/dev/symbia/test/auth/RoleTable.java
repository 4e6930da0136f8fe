package dev.symbia.test.auth;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What an org role grants, read from libs/auth's {@code dev.symbia.auth.Roles} — the very table
 * identity mints tokens from — so test tokens can never disagree with real ones. Looked up at run
 * time because libs/test cannot depend on symbia-auth (libs/auth's tests depend on libs/test).
 * Every service has symbia-auth on its test classpath; without it, give capabilities explicitly.
 */
final class RoleTable {

    private static final String ROLES = "dev.symbia.auth.Roles";

    private static volatile Method orgCapabilities;

    private RoleTable() {
    }

    static Set<String> orgCapabilities(String role) {
        if (role == null) {
            return Set.of();
        }
        try {
            Object caps = method().invoke(null, role);
            Set<String> out = new LinkedHashSet<>();
            for (Object cap : (Set<?>) caps) {
                out.add((String) cap);
            }
            return out;
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("could not read " + ROLES + ".orgCapabilities", e);
        }
    }

    private static Method method() {
        Method found = orgCapabilities;
        if (found == null) {
            try {
                found = Class.forName(ROLES).getMethod("orgCapabilities", String.class);
            } catch (ClassNotFoundException | NoSuchMethodException e) {
                throw new IllegalStateException("Computing a user's capabilities from an org role needs symbia-auth on "
                        + "the test classpath; otherwise give them explicitly with TestPrincipal.caps(...)", e);
            }
            orgCapabilities = found;
        }
        return found;
    }
}
