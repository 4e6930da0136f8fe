package dev.symbia.integrations.credential;

/**
 * Supplies this service's current service token (SPEC §3: exchanged with identity for {@code
 * INTERNAL_SERVICE_SECRET}, renewed before expiry). By default it is libs/auth's
 * {@code ServiceTokenClient} (see {@link CredentialConfiguration}); a bean of this type replaces it.
 * Without either, the vault lookup is off and only environment keys are used.
 */
@FunctionalInterface
interface ServiceTokenSupplier {

    String serviceToken();
}
