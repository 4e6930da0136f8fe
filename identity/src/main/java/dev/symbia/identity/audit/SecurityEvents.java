package dev.symbia.identity.audit;

import dev.symbia.relay.Relay;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Publishes identity's security events on the network (SPEC §5, contract {@code identity → * identity.*})
 * from what the audit log records, so every audited path publishes without each caller remembering to.
 *
 * <p>Data is ids, names of roles and key prefixes only: never a password, credential, key or token.
 * Failed logins carry no email, not even hashed — an unsalted hash of an address is reversible by
 * anyone with a list of addresses, and the known account's user id is there when there is one.
 *
 * <p>Fire-and-forget: the relay only buffers, and any failure here is logged and swallowed, so a
 * request never blocks or fails because of the network. Without a relay bean (relay disabled) nothing
 * is published. Inside a transaction the event waits for the commit, so a rolled-back change is
 * never announced.
 */
@Component
class SecurityEvents {

    static final String LOGIN_FAILED = "identity.login.failed";
    static final String API_KEY_CREATED = "identity.apikey.created";
    static final String API_KEY_REVOKED = "identity.apikey.revoked";
    static final String ROLE_CHANGED = "identity.role.changed";
    /** A provider key was stored: integrations forgets that this org had none (it remembers vault misses). */
    static final String CREDENTIAL_CREATED = "identity.credential.created";

    private static final Logger log = LoggerFactory.getLogger(SecurityEvents.class);

    private final ObjectProvider<Relay> relay;

    SecurityEvents(ObjectProvider<Relay> relay) {
        this.relay = relay;
    }

    /** Called by {@link AuditLog} after each record; actions that are not platform events are ignored. */
    void audited(String action, Actor actor, UUID orgId, String targetType, String targetId, Map<String, ?> metadata,
            String ip) {
        try {
            Map<String, Object> data = new LinkedHashMap<>();
            String type = switch (action) {
                case "user.login_failed", "agent.login_failed" -> {
                    data.put("principalType", targetType);       // user | agent
                    put(data, "principalId", targetId);          // absent for unknown accounts
                    put(data, "ip", ip);
                    yield LOGIN_FAILED;
                }
                case "api_key.created" -> {
                    data.put("keyId", targetId);
                    put(data, "prefix", metadata.get("prefix")); // the non-secret lookup prefix, never the key
                    yield API_KEY_CREATED;
                }
                case "api_key.revoked", "api_key.rotated", "api_key.deleted" -> {
                    // All three end the key's validity; consumers (caches, sessions) react alike.
                    data.put("keyId", targetId);
                    data.put("reason", action.substring("api_key.".length()));
                    yield API_KEY_REVOKED;
                }
                case "credential.created" -> {
                    data.put("credentialId", targetId);
                    put(data, "provider", metadata.get("provider"));
                    put(data, "orgWide", metadata.get("orgWide"));
                    yield CREDENTIAL_CREATED;
                }
                case "member.role_updated" -> {
                    data.put("userId", targetId);
                    put(data, "from", metadata.get("from"));
                    put(data, "to", metadata.get("to"));
                    yield ROLE_CHANGED;
                }
                default -> null;
            };
            if (type == null) {
                return;
            }
            put(data, "orgId", orgId == null ? null : orgId.toString());
            data.put("actorType", actor.type());
            put(data, "actorId", actor.id());
            Relay target = relay.getIfAvailable();
            if (target == null) {
                return;
            }
            if (TransactionSynchronizationManager.isSynchronizationActive()) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        publish(target, type, data);
                    }
                });
            } else {
                publish(target, type, data);
            }
        } catch (RuntimeException e) {
            log.warn("Could not queue security event for {}: {}", action, e.getClass().getSimpleName());
        }
    }

    private static void publish(Relay relay, String type, Map<String, Object> data) {
        try {
            relay.publish(type, data);
        } catch (RuntimeException e) {
            log.warn("Could not publish {}: {}", type, e.getClass().getSimpleName());
        }
    }

    private static void put(Map<String, Object> data, String key, Object value) {
        if (value != null) {
            data.put(key, value);
        }
    }
}
