package dev.symbia.identity.token;

import java.time.Instant;

/** A freshly signed access token and when it expires. */
public record IssuedToken(String token, String id, Instant expiresAt, long expiresIn) {
}
