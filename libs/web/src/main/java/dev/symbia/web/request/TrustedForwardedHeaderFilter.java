package dev.symbia.web.request;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.catalina.util.NetMask;
import org.springframework.web.filter.ForwardedHeaderFilter;

/**
 * Spring's {@link ForwardedHeaderFilter} (client address, scheme, host and the gateway's
 * {@code X-Forwarded-Prefix}), applied only to requests whose peer is a trusted proxy
 * ({@code SYMBIA_TRUSTED_PROXIES}, loopback by default: the gateway on the same host). From any other
 * peer the forwarded headers are removed unread, so a caller reaching a service directly cannot choose
 * the client address that per-IP limits (identity's login and registration) and audit records use.
 */
public class TrustedForwardedHeaderFilter extends ForwardedHeaderFilter {

    private static final Set<String> FORWARDED = Set.of("forwarded", "x-forwarded-for", "x-forwarded-host",
            "x-forwarded-port", "x-forwarded-proto", "x-forwarded-ssl", "x-forwarded-prefix", "x-real-ip");

    private final List<NetMask> trusted;

    public TrustedForwardedHeaderFilter(List<String> trustedProxies) {
        this.trusted = trustedProxies.stream().map(String::trim).filter(s -> !s.isEmpty()).map(NetMask::new).toList();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (trusted(request.getRemoteAddr())) {
            if (super.shouldNotFilter(request)) {
                chain.doFilter(request, response);
            } else {
                super.doFilterInternal(request, response, chain);
            }
        } else {
            chain.doFilter(new WithoutForwardedHeaders(request), response);
        }
    }

    boolean trusted(String address) {
        if (address == null) {
            return false;
        }
        try {
            java.net.InetAddress peer = java.net.InetAddress.getByName(address); // a literal: no lookup
            return trusted.stream().anyMatch(mask -> mask.matches(peer));
        } catch (java.net.UnknownHostException | IllegalArgumentException e) {
            return false;
        }
    }

    private static final class WithoutForwardedHeaders extends HttpServletRequestWrapper {

        WithoutForwardedHeaders(HttpServletRequest request) {
            super(request);
        }

        private static boolean hidden(String name) {
            return name != null && FORWARDED.contains(name.toLowerCase(Locale.ROOT));
        }

        @Override
        public String getHeader(String name) {
            return hidden(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                    .filter(name -> !hidden(name)).toList());
        }

        @Override
        public long getDateHeader(String name) {
            return hidden(name) ? -1 : super.getDateHeader(name);
        }

        @Override
        public int getIntHeader(String name) {
            return hidden(name) ? -1 : super.getIntHeader(name);
        }
    }
}
