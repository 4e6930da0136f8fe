package dev.symbia.integrations.credential;

/**
 * Supplies this service's current service token (SPEC §3: exchanged with identity for {@code
 * INTERNAL_SERVICE_SECRET}, renewed before expiry). libs/auth provides the real one; until a bean
 * of this type exists the vault lookup stays unwired and only environment keys are used.
 */
@FunctionalInterface
public interface ServiceTokenSupplier {

    String serviceToken();
}
