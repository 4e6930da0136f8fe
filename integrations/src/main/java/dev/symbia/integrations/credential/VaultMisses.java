package dev.symbia.integrations.credential;

import dev.symbia.relay.Relay;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import tools.jackson.databind.JsonNode;

/**
 * Remembers that identity's vault has no key for a caller and provider, so the common case — everyone on the
 * platform key — stops paying a round trip to identity before every provider call (about 2.6 ms of a chat's
 * time to first token, measured). Only misses: a key is never kept here.
 *
 * <p>A remembered miss must not outlive a new key. Identity announces every key it stores
 * ({@code identity.credential.created} on the network) and the org's misses for that provider are forgotten
 * when the announcement arrives. So misses are remembered only while the relay is registered, and only those
 * remembered during the current registration count: a relay that was disconnected may have missed an
 * announcement. {@code ttl} bounds the rest (an announcement lost inside the network). The map is bounded
 * ({@value #MAX_ENTRIES} callers); when full it starts again empty.
 */
final class VaultMisses implements AutoCloseable {

    static final String CREDENTIAL_CREATED = "identity.credential.created";
    static final int MAX_ENTRIES = 50_000;

    private record Key(String orgId, String provider, String userId) {
    }

    /** When it was remembered, and during which registration of the relay. */
    private record Miss(long expiresAtNanos, int registration) {
    }

    private final Relay relay;
    private final Duration ttl;
    private final LongSupplier nanoTime;
    private final Map<Key, Miss> misses = new ConcurrentHashMap<>();
    private final Relay.Subscription subscription;

    VaultMisses(Relay relay, Duration ttl, LongSupplier nanoTime) {
        this.relay = Objects.requireNonNull(relay);
        this.ttl = ttl;
        this.nanoTime = nanoTime;
        this.subscription = relay.subscribe(CREDENTIAL_CREATED, JsonNode.class, event -> stored(event.data()));
    }

    /** True when the vault answered "no key" for this caller and provider lately, and nothing has changed since. */
    boolean known(Account owner, String provider) {
        Key key = key(owner, provider);
        Miss miss = misses.get(key);
        if (miss == null) {
            return false;
        }
        if (nanoTime.getAsLong() - miss.expiresAtNanos() < 0 && relay.isConnected()
                && relay.registrations() == miss.registration()) {
            return true;
        }
        misses.remove(key, miss);
        return false;
    }

    /** The vault just answered "no key"; remembered only while announcements of new keys can reach us. */
    void remember(Account owner, String provider) {
        if (!relay.isConnected()) {
            return;
        }
        if (misses.size() >= MAX_ENTRIES) {
            misses.clear();
        }
        misses.put(key(owner, provider), new Miss(nanoTime.getAsLong() + ttl.toNanos(), relay.registrations()));
    }

    /** A key was stored for the org (a user's own or org-wide): its misses for that provider are forgotten. */
    private void stored(JsonNode data) {
        String orgId = data.path("orgId").asString(null);
        String provider = data.path("provider").asString(null);
        if (orgId == null || provider == null) {
            misses.clear(); // an announcement we cannot place: forget everything rather than guess
            return;
        }
        misses.keySet().removeIf(key -> key.orgId().equals(orgId) && key.provider().equals(provider));
    }

    int size() {
        return misses.size();
    }

    private static Key key(Account owner, String provider) {
        return new Key(owner.orgId(), provider, owner.userId());
    }

    @Override
    public void close() {
        subscription.close();
    }
}
