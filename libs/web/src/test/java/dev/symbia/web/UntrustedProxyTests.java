package dev.symbia.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.web.config.SymbiaWebAutoConfiguration;
import dev.symbia.web.config.WebDefaultsEnvironmentPostProcessor;
import dev.symbia.web.request.TrustedForwardedHeaderFilter;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ResolvableType;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * A peer outside SYMBIA_TRUSTED_PROXIES cannot choose the client address with X-Forwarded-For. The filter as
 * symbia-web's auto-configuration builds it from the environment variable, in an {@link WebApplicationContextRunner}:
 * no server is needed to see what the next filter is handed (over real HTTP, with the loopback default:
 * {@code WebConventionsTests}).
 */
class UntrustedProxyTests {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            // symbia-web's defaults (SYMBIA_TRUSTED_PROXIES → symbia.web.trusted-proxies), as on a real start.
            .withInitializer(context -> new WebDefaultsEnvironmentPostProcessor()
                    .postProcessEnvironment(context.getEnvironment(), new SpringApplication()))
            .withPropertyValues("spring.application.name=webtest", "SYMBIA_TRUSTED_PROXIES=192.0.2.10/32")
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, ValidationAutoConfiguration.class,
                    SymbiaWebAutoConfiguration.class));

    @Test
    void forwardedHeadersFromAnUntrustedPeerAreIgnored() {
        runner.run(context -> {
            HttpServletRequest passedOn = filter(context, "127.0.0.1");
            assertThat(passedOn.getRemoteAddr()).isEqualTo("127.0.0.1");
            assertThat(passedOn.getHeader("X-Forwarded-For")).isNull();
            assertThat(passedOn.getHeader("Forwarded")).isNull();
            assertThat(passedOn.getHeaders("X-Forwarded-For").hasMoreElements()).isFalse();
        });
    }

    @Test
    void forwardedHeadersFromTheConfiguredProxyAreHonoured() {
        // RFC 7239's Forwarded outranks X-Forwarded-For.
        runner.run(context -> assertThat(filter(context, "192.0.2.10").getRemoteAddr()).isEqualTo("198.51.100.7"));
    }

    /** The request the trusted-proxy filter hands on, for one from {@code peer} that says it forwards for someone. */
    private static HttpServletRequest filter(ApplicationContext context, String peer) throws Exception {
        @SuppressWarnings("unchecked")
        FilterRegistrationBean<TrustedForwardedHeaderFilter> registration = (FilterRegistrationBean<TrustedForwardedHeaderFilter>)
                context.getBeanProvider(ResolvableType.forClassWithGenerics(FilterRegistrationBean.class,
                        TrustedForwardedHeaderFilter.class)).getObject();
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/peer");
        request.setRemoteAddr(peer);
        request.addHeader("X-Forwarded-For", "203.0.113.9");
        request.addHeader("Forwarded", "for=198.51.100.7");
        MockFilterChain chain = new MockFilterChain();
        registration.getFilter().doFilter(request, new MockHttpServletResponse(), chain);
        return (HttpServletRequest) chain.getRequest();
    }
}
