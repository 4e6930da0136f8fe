package dev.symbia.identity.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.symbia.auth.AccessTokenVerifier;
import dev.symbia.auth.PrincipalType;
import dev.symbia.auth.SymbiaAuthProperties;
import dev.symbia.auth.TokenClaims;
import dev.symbia.identity.config.IdentityProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Mints the platform's access tokens (SPEC §3 claims), signed with the current ES256 key. */
@Component
public class TokenIssuer {

    private final SigningKeyStore keys;
    private final Clock clock;
    private final IdentityProperties properties;
    private final String issuer;

    TokenIssuer(SigningKeyStore keys, Clock clock, IdentityProperties properties, SymbiaAuthProperties auth) {
        this.keys = keys;
        this.clock = clock;
        this.properties = properties;
        this.issuer = auth.issuer();
    }

    public IssuedToken forUser(UserSnapshot user) {
        UUID org = user.defaultOrg();
        JWTClaimsSet.Builder claims = base(user.id().toString(), PrincipalType.USER, properties.accessTokenTtl())
                .claim(TokenClaims.EMAIL, user.email())
                .claim(TokenClaims.NAME, user.name())
                .claim(TokenClaims.ORG, org == null ? null : org.toString())
                .claim(TokenClaims.ORGS, user.orgRoles())
                .claim(TokenClaims.CAPS, List.copyOf(user.capsIn(org)))
                .claim(TokenClaims.PLATFORM_CAPS, List.copyOf(user.platformCaps()))
                .claim(TokenClaims.SUPER_ADMIN, user.superAdmin());
        return sign(claims.build(), properties.accessTokenTtl());
    }

    /**
     * A short-lived token for a user, issued to a platform service that acts for them (the operator assistant):
     * only the one org, with exactly the capabilities the user holds there now, never super-admin rights; so
     * every service it is sent to checks the user's own rights.
     */
    public IssuedToken actingFor(UserSnapshot user, UUID org, Duration ttl) {
        Duration lifetime = ttl.compareTo(properties.accessTokenTtl()) < 0 ? ttl : properties.accessTokenTtl();
        JWTClaimsSet.Builder claims = base(user.id().toString(), PrincipalType.USER, lifetime)
                .claim(TokenClaims.EMAIL, user.email())
                .claim(TokenClaims.NAME, user.name())
                .claim(TokenClaims.ORG, org.toString())
                .claim(TokenClaims.ORGS, Map.of(org.toString(), user.roleIn(org)))
                .claim(TokenClaims.CAPS, List.copyOf(user.capsIn(org)))
                .claim(TokenClaims.PLATFORM_CAPS, List.copyOf(user.platformCaps()))
                .claim(TokenClaims.SUPER_ADMIN, false);
        return sign(claims.build(), lifetime);
    }

    public IssuedToken forAgent(UUID id, String agentId, String name, UUID orgId, Set<String> caps) {
        return forAgent(id, agentId, name, orgId, caps, properties.accessTokenTtl());
    }

    /** An agent's token living at most {@code ttl} (and never longer than an access token). */
    public IssuedToken forAgent(UUID id, String agentId, String name, UUID orgId, Set<String> caps, Duration ttl) {
        Duration lifetime = ttl.compareTo(properties.accessTokenTtl()) < 0 ? ttl : properties.accessTokenTtl();
        JWTClaimsSet.Builder claims = base(id.toString(), PrincipalType.AGENT, lifetime)
                .claim(TokenClaims.AGENT_ID, agentId)
                .claim(TokenClaims.NAME, name)
                .claim(TokenClaims.ORG, orgId.toString())
                // Agents act only in their own org; "agent" is not an org role, so it grants nothing by itself.
                .claim(TokenClaims.ORGS, Map.of(orgId.toString(), "agent"))
                .claim(TokenClaims.CAPS, List.copyOf(caps))
                .claim(TokenClaims.SUPER_ADMIN, false);
        return sign(claims.build(), lifetime);
    }

    public IssuedToken forService(String serviceId) {
        JWTClaimsSet.Builder claims = base(serviceId, PrincipalType.SERVICE, properties.serviceTokenTtl())
                .claim(TokenClaims.NAME, serviceId)
                .claim(TokenClaims.ORGS, Map.of())
                .claim(TokenClaims.CAPS, List.of())
                .claim(TokenClaims.SUPER_ADMIN, false);
        return sign(claims.build(), properties.serviceTokenTtl());
    }

    private JWTClaimsSet.Builder base(String subject, PrincipalType type, Duration ttl) {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .claim(TokenClaims.TYP, type.wire());
    }

    private IssuedToken sign(JWTClaimsSet claims, Duration ttl) {
        ECKey key = keys.signingKey();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(AccessTokenVerifier.ALGORITHM)
                    .keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new ECDSASigner(key));
            return new IssuedToken(jwt.serialize(), claims.getJWTID(), claims.getExpirationTime().toInstant(),
                    ttl.toSeconds());
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a token", e);
        }
    }
}
