package dev.symbia.identity.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.symbia.core.RuntimeMode;
import dev.symbia.identity.config.IdentityProperties;
import dev.symbia.identity.config.IdentitySecrets;
import dev.symbia.identity.support.IdentityTestBase;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.transaction.support.TransactionTemplate;

/** Several identity replicas on one database end up signing with one key, readable by all. */
class SigningKeyReplicaTests extends IdentityTestBase {

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    IdentityProperties properties;

    private SigningKeyStore replica(String sessionSecret, RuntimeMode mode) {
        IdentitySecrets secrets = IdentitySecrets.load(new MockEnvironment().withProperty("SESSION_SECRET", sessionSecret)
                .withProperty("INTERNAL_SERVICE_SECRET", INTERNAL_SECRET)
                .withProperty("CREDENTIAL_ENCRYPTION_KEY", "00".repeat(32)), mode);
        return new SigningKeyStore(jdbc, transactions, secrets, Clock.systemUTC(), properties, mode);
    }

    @Test
    void replicasRacingToCreateTheKeyConvergeOnOne() throws Exception {
        // Retire the current key (it stays published), so the replicas below must create a new one.
        jdbc.sql("UPDATE signing_keys SET retired_at = now() WHERE retired_at IS NULL").update();
        String secret = "test-session-secret-0123456789abcdef0123456789";
        List<SigningKeyStore> replicas = List.of(replica(secret, RuntimeMode.TEST), replica(secret, RuntimeMode.TEST),
                replica(secret, RuntimeMode.TEST), replica(secret, RuntimeMode.TEST));
        ExecutorService pool = Executors.newFixedThreadPool(replicas.size());
        try {
            List<Callable<String>> calls = replicas.stream().<Callable<String>>map(r -> () -> r.signingKey().getKeyID()).toList();
            List<String> kids = pool.invokeAll(calls).stream().map(f -> {
                try {
                    return f.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).distinct().toList();
            assertThat(kids).hasSize(1);
        } finally {
            pool.shutdown();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM signing_keys WHERE retired_at IS NULL").query(Integer.class).single())
                .isEqualTo(1);
    }

    @Test
    void productionRefusesAKeyEncryptedUnderAnotherSecret() {
        SigningKeyStore wrong = replica("a-completely-different-session-secret-0123456789", RuntimeMode.PRODUCTION);
        assertThatThrownBy(wrong::signingKey).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SESSION_SECRET");
    }

}
