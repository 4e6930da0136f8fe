package dev.symbia.identity.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.symbia.auth.VerificationKeys;
import dev.symbia.core.RuntimeMode;
import dev.symbia.identity.config.IdentityProperties;
import dev.symbia.identity.config.IdentitySecrets;
import dev.symbia.identity.crypto.AesGcm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Identity's ES256 signing keys, kept in the {@code signing_keys} table so they survive restarts
 * and every replica signs with the same key. The private key is stored AES-256-GCM encrypted under
 * a key derived from {@code SESSION_SECRET}, with the kid as associated data. Retired keys stay
 * published until every token they signed has expired.
 */
@Component
public class SigningKeyStore implements VerificationKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeyStore.class);
    /** How long a replica trusts its cached view before looking at the table again. */
    private static final Duration CACHE = Duration.ofSeconds(60);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final AesGcm cipher;
    private final Clock clock;
    private final IdentityProperties properties;
    private final RuntimeMode mode;
    private volatile Current current;
    private volatile Published published;

    SigningKeyStore(JdbcClient jdbc, TransactionTemplate transactions, IdentitySecrets secrets, Clock clock,
            IdentityProperties properties, RuntimeMode mode) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.cipher = new AesGcm(secrets.derive("signing-key-encryption"));
        this.clock = clock;
        this.properties = properties;
        this.mode = mode;
    }

    /** The key to sign with now: loaded, created on first run, or rotated when too old. */
    public synchronized ECKey signingKey() {
        Instant now = clock.instant();
        Current known = current;
        if (known != null && now.isBefore(known.loadedAt().plus(CACHE))) {
            return known.key();
        }
        ECKey key = loadOrCreate(now);
        current = new Current(key, now);
        return key;
    }

    /** Retires the current key and makes a new one; the old stays published until its tokens expire. */
    public synchronized ECKey rotate() {
        Instant now = clock.instant();
        ECKey fresh = newKey();
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("UPDATE signing_keys SET retired_at = :now WHERE retired_at IS NULL").param("now", at(now)).update();
            insert(fresh, now);
        });
        current = new Current(fresh, now);
        published = null;
        log.info("Rotated the token signing key; new kid {}", fresh.getKeyID());
        return fresh;
    }

    /** Public keys that may still verify a live token: the current one and recently retired ones. */
    public List<JWK> publishedKeys() {
        Instant now = clock.instant();
        Published view = published;
        if (view == null || !now.isBefore(view.loadedAt().plus(CACHE))) {
            view = loadPublished(now);
        }
        return List.copyOf(view.keys().values());
    }

    @Override
    public Optional<JWK> find(String kid) {
        Instant now = clock.instant();
        Published view = published;
        boolean stale = view == null || !now.isBefore(view.loadedAt().plus(CACHE));
        boolean unknownAndNotJustLoaded = view != null && !view.keys().containsKey(kid)
                && !now.isBefore(view.loadedAt().plus(Duration.ofSeconds(1)));
        if (stale || unknownAndNotJustLoaded) {
            // A kid we have not seen may come from a rotation on another replica: look again, at most once a second.
            view = loadPublished(now);
        }
        return Optional.ofNullable(view.keys().get(kid));
    }

    private Published loadPublished(Instant now) {
        Instant oldestUseful = now.minus(properties.accessTokenTtl()).minus(Duration.ofMinutes(5));
        Map<String, JWK> keys = jdbc.sql("""
                SELECT public_jwk FROM signing_keys WHERE retired_at IS NULL OR retired_at > :cutoff
                ORDER BY created_at DESC
                """)
                .param("cutoff", at(oldestUseful))
                .query((rs, row) -> parsePublic(rs.getString(1)))
                .list().stream()
                .collect(Collectors.toMap(JWK::getKeyID, Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
        Published view = new Published(keys, now);
        published = view;
        return view;
    }

    private ECKey loadOrCreate(Instant now) {
        Optional<Stored> stored = loadCurrent();
        if (stored.isPresent()) {
            Optional<ECKey> key = decrypt(stored.get());
            if (key.isPresent() && now.isBefore(stored.get().createdAt().plus(properties.signingKeyMaxAge()))) {
                return key.get();
            }
            if (key.isEmpty() && mode.isProduction()) {
                throw new IllegalStateException("The stored token signing key cannot be decrypted: SESSION_SECRET "
                        + "differs from the one it was created with.");
            }
            log.warn(key.isEmpty()
                    ? "The stored signing key was encrypted under another SESSION_SECRET; retiring it and creating a new one."
                    : "The signing key is older than {}; rotating.", properties.signingKeyMaxAge());
            jdbc.sql("UPDATE signing_keys SET retired_at = :now WHERE kid = :kid AND retired_at IS NULL")
                    .param("now", at(now)).param("kid", stored.get().kid()).update();
        }
        ECKey fresh = newKey();
        // The partial unique index allows one current key: a replica that loses the race reads the winner's.
        int inserted = jdbc.sql("""
                INSERT INTO signing_keys (kid, algorithm, public_jwk, private_key_enc, created_at)
                VALUES (:kid, 'ES256', :jwk, :enc, :now)
                ON CONFLICT DO NOTHING
                """)
                .param("kid", fresh.getKeyID())
                .param("jwk", fresh.toPublicJWK().toJSONString())
                .param("enc", encrypt(fresh))
                .param("now", at(now))
                .update();
        if (inserted == 1) {
            log.info("Created token signing key {}", fresh.getKeyID());
            published = null;
            return fresh;
        }
        return loadCurrent().flatMap(this::decrypt)
                .orElseThrow(() -> new IllegalStateException("Another replica created a signing key this one cannot read"));
    }

    private void insert(ECKey key, Instant now) {
        jdbc.sql("""
                INSERT INTO signing_keys (kid, algorithm, public_jwk, private_key_enc, created_at)
                VALUES (:kid, 'ES256', :jwk, :enc, :now)
                """)
                .param("kid", key.getKeyID())
                .param("jwk", key.toPublicJWK().toJSONString())
                .param("enc", encrypt(key))
                .param("now", at(now))
                .update();
    }

    private Optional<Stored> loadCurrent() {
        return jdbc.sql("SELECT kid, public_jwk, private_key_enc, created_at FROM signing_keys WHERE retired_at IS NULL")
                .query((rs, row) -> new Stored(rs.getString(1), rs.getString(2), rs.getBytes(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant()))
                .optional();
    }

    private static ECKey newKey() {
        try {
            return new ECKeyGenerator(Curve.P_256)
                    .keyID(UUID.randomUUID().toString())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not generate a signing key", e);
        }
    }

    private byte[] encrypt(ECKey key) {
        try {
            return cipher.encrypt(key.toECPrivateKey().getEncoded(), key.getKeyID().getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private Optional<ECKey> decrypt(Stored stored) {
        try {
            byte[] pkcs8 = cipher.decrypt(stored.privateKeyEnc(), stored.kid().getBytes(StandardCharsets.UTF_8));
            ECPrivateKey privateKey = (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            ECKey publicKey = (ECKey) JWK.parse(stored.publicJwk());
            ECPublicKey ecPublic = publicKey.toECPublicKey();
            return Optional.of(new ECKey.Builder(Curve.P_256, ecPublic).privateKey(privateKey).keyID(stored.kid())
                    .keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256).build());
        } catch (GeneralSecurityException | ParseException | JOSEException | ClassCastException e) {
            return Optional.empty();
        }
    }

    private static JWK parsePublic(String json) {
        try {
            return JWK.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("corrupt public key in signing_keys", e);
        }
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private record Stored(String kid, String publicJwk, byte[] privateKeyEnc, Instant createdAt) {
    }

    private record Current(ECKey key, Instant loadedAt) {
    }

    private record Published(Map<String, JWK> keys, Instant loadedAt) {
    }
}
