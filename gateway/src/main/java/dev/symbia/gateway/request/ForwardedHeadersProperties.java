package dev.symbia.gateway.request;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Whether the gateway sits behind a proxy it trusts (e.g. Railway's edge).
 *
 * @param trustForwardedFor when true, the client address is the entry the nearest proxy appended to
 *                          {@code X-Forwarded-For} and the proxy's {@code X-Forwarded-*} headers are passed
 *                          on; when false (the default) a client could forge them, so the address is the
 *                          TCP peer and incoming forwarding headers are dropped
 */
@Validated
@ConfigurationProperties("symbia.gateway")
record ForwardedHeadersProperties(@DefaultValue("false") boolean trustForwardedFor) {
}
