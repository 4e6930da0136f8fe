package dev.symbia.auth;

import dev.symbia.core.SymbiaService;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderNotFoundException;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a service gets by depending on symbia-auth: every {@code /api/**} endpoint authenticated
 * (except the declared public ones), {@code /api/internal/**} for allowed service tokens only,
 * access tokens verified locally from identity's JWKS, API keys through introspection, the request
 * org resolved, {@link SymbiaPrincipal} injectable, {@link RequiresCapability} enforced, 401/403 as
 * problem+json, and a {@link ServiceTokenClient} when {@code INTERNAL_SERVICE_SECRET} is set.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(SymbiaAuthProperties.class)
public class SymbiaAuthAutoConfiguration {

    static final String INTERNAL_SERVICE_SECRET = "INTERNAL_SERVICE_SECRET";

    /** identity's base URL: {@code symbia.auth.identity-url}, else {@code IDENTITY_SERVICE_URL}, else localhost:5001. */
    static String identityUrl(SymbiaAuthProperties properties, Environment environment) {
        if (!properties.identityUrl().isBlank()) {
            String url = properties.identityUrl().trim();
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }
        Map<String, String> env = new HashMap<>();
        String configured = environment.getProperty("IDENTITY_SERVICE_URL");
        if (configured != null) {
            env.put("IDENTITY_SERVICE_URL", configured);
        }
        return SymbiaService.IDENTITY.url(env);
    }

    /**
     * Not a default candidate: injected only where asked for by name, so a service's own
     * {@code OkHttpClient} bean stays the one its code gets by type.
     */
    @Bean(defaultCandidate = false)
    @ConditionalOnMissingBean(name = "symbiaAuthHttpClient")
    OkHttpClient symbiaAuthHttpClient() {
        return new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(3))
                .readTimeout(Duration.ofSeconds(5))
                .callTimeout(Duration.ofSeconds(10))
                .build();
    }

    @Bean
    @ConditionalOnMissingBean
    VerificationKeys symbiaVerificationKeys(@Qualifier("symbiaAuthHttpClient") OkHttpClient http,
            SymbiaAuthProperties properties, Environment environment, ObjectProvider<Clock> clock) {
        return new RemoteJwks(http, identityUrl(properties, environment) + "/.well-known/jwks.json",
                properties.jwksMinRefreshInterval(), properties.jwksMaxAge(), clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    @ConditionalOnMissingBean
    ApiKeyVerifier symbiaApiKeyVerifier(@Qualifier("symbiaAuthHttpClient") OkHttpClient http,
            SymbiaAuthProperties properties, Environment environment, ObjectProvider<Clock> clock,
            ObjectProvider<JsonMapper> json) {
        return new IntrospectionApiKeyVerifier(http, identityUrl(properties, environment) + "/api/auth/introspect",
                properties.apiKeyCacheTtl(), clock.getIfAvailable(Clock::systemUTC), jsonMapper(json));
    }

    /**
     * No observation per security filter, authentication and authorization: a request's own span already
     * times the whole chain, and wrapping every filter of every request in observations costs each call.
     */
    @Bean
    @ConditionalOnMissingBean
    SecurityObservationSettings symbiaSecurityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    @ConditionalOnMissingBean
    AccessTokenVerifier symbiaAccessTokenVerifier(VerificationKeys keys, SymbiaAuthProperties properties,
            ObjectProvider<Clock> clock) {
        return new AccessTokenVerifier(keys, properties.issuer(), properties.clockSkew(),
                clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    @ConditionalOnMissingBean
    @Conditional(ServiceSecretConfigured.class)
    ServiceTokenClient serviceTokenClient(@Qualifier("symbiaAuthHttpClient") OkHttpClient http,
            SymbiaAuthProperties properties, Environment environment, ObjectProvider<Clock> clock,
            ObjectProvider<JsonMapper> json) {
        String serviceId = properties.serviceId().isBlank()
                ? environment.getProperty("spring.application.name", "") : properties.serviceId();
        return new ServiceTokenClient(http, identityUrl(properties, environment), serviceId,
                environment.getProperty(INTERNAL_SERVICE_SECRET), clock.getIfAvailable(Clock::systemUTC), jsonMapper(json));
    }

    /** A user's own short-lived token, for services that act for users (identity decides which may). */
    @Bean
    @ConditionalOnMissingBean
    @Conditional(ServiceSecretConfigured.class)
    ActingTokenClient actingTokenClient(@Qualifier("symbiaAuthHttpClient") OkHttpClient http, ServiceTokenClient serviceTokens,
            AccessTokenVerifier verifier, SymbiaAuthProperties properties, Environment environment,
            ObjectProvider<Clock> clock, ObjectProvider<JsonMapper> json) {
        return new ActingTokenClient(http.newBuilder().addInterceptor(serviceTokens.interceptor()).build(),
                identityUrl(properties, environment), verifier, jsonMapper(json), clock.getIfAvailable(Clock::systemUTC));
    }

    /** Boot's default in-memory user (with a logged password) must never exist: we only take bearer credentials. */
    @Bean
    @ConditionalOnMissingBean
    AuthenticationManager symbiaAuthenticationManager() {
        return authentication -> {
            throw new ProviderNotFoundException("Symbia accepts bearer credentials only");
        };
    }

    /** The stock strict firewall, minus a regex per header read (see {@link Firewall}). */
    @Bean
    @ConditionalOnMissingBean
    HttpFirewall symbiaHttpFirewall() {
        return Firewall.strict();
    }

    @Bean
    @ConditionalOnMissingBean(SecurityFilterChain.class)
    SecurityFilterChain symbiaSecurityFilterChain(HttpSecurity http, AccessTokenVerifier tokens, ApiKeyVerifier apiKeys,
            SymbiaAuthProperties properties, ObjectProvider<JsonMapper> json,
            ObjectProvider<AuthProblemCustomizer> problemCustomizers,
            @Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> mappings)
            throws Exception {
        AuthProblems problems = new AuthProblems(jsonMapper(json), problemCustomizers.orderedStream().toList());
        Set<String> internalCallers = Set.copyOf(properties.internalCallers());
        RequestMatcher unmapped = AccessRules.unmapped(mappings::getObject);
        AuthorizationManager<RequestAuthorizationContext> internal = (authentication, context) ->
                new AuthorizationDecision(principal(authentication.get()) instanceof SymbiaPrincipal p
                        && AccessRules.allowedInternalCaller(p, internalCallers));
        // Metrics and info tell platform-wide usage, upstream URLs and pool state: operators only.
        AuthorizationManager<RequestAuthorizationContext> operator = (authentication, context) ->
                new AuthorizationDecision(principal(authentication.get()) instanceof SymbiaPrincipal p
                        && (p.isService() || p.superAdmin()));
        AuthorizationManager<RequestAuthorizationContext> authenticatedOrUnmapped = (authentication, context) ->
                new AuthorizationDecision(principal(authentication.get()) != null || unmapped.matches(context.getRequest()));
        // Stateless bearer APIs: no session management (its filter and the URL-encoding guard ran on every request
        // for nothing), no servlet-API request wrapper (nobody asks the request for its user; controllers take a
        // SymbiaPrincipal), and the security context lives only in the request, as STATELESS had it.
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.disable())
                .securityContext(context -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .servletApi(servletApi -> servletApi.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .addFilterBefore(new SymbiaAuthenticationFilter(tokens, apiKeys, properties.cookieName(), problems),
                        AnonymousAuthenticationFilter.class)
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint((request, response, e) -> problems.unauthenticated(request, response))
                        .accessDeniedHandler((request, response, e) -> problems.forbidden(request, response,
                                request.getRequestURI().startsWith("/api/internal/")
                                        ? "Internal endpoints accept only service tokens of allowed callers."
                                        : request.getRequestURI().startsWith("/actuator/")
                                        ? "Metrics and info are for service tokens and super admins."
                                        : "You may not access this resource.")))
                .authorizeHttpRequests(authorize -> authorize
                        // The async re-dispatch that ends a stream (SSE) belongs to a request already
                        // authorized on its REQUEST dispatch; stateless, it carries no principal to check again.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
                        .requestMatchers(AccessRules.preflight()).permitAll()
                        .requestMatchers(AccessRules.publicPaths(properties.publicPaths())).permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/actuator/**").access(operator)
                        .requestMatchers("/api/internal/**").access(internal)
                        .requestMatchers("/api/**", "/v1/**").access(authenticatedOrUnmapped)
                        .anyRequest().permitAll());
        return http.build();
    }

    @Bean
    WebMvcConfigurer symbiaAuthWebMvcConfigurer() {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new CapabilityInterceptor());
            }

            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new PrincipalArgumentResolver());
            }
        };
    }

    /** The injected principal is not a request parameter: keep it out of the OpenAPI document. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @org.springframework.boot.autoconfigure.condition.ConditionalOnClass(name = "org.springdoc.core.utils.SpringDocUtils")
    static class OpenApiSupport {
        OpenApiSupport() {
            org.springdoc.core.utils.SpringDocUtils.getConfig().addRequestWrapperToIgnore(SymbiaPrincipal.class, Caller.class);
        }
    }

    private static SymbiaPrincipal principal(Authentication authentication) {
        return authentication instanceof SymbiaAuthentication symbia ? symbia.getPrincipal() : null;
    }

    private static JsonMapper jsonMapper(ObjectProvider<JsonMapper> json) {
        return json.getIfAvailable(() -> JsonMapper.builder().build());
    }

    /** A service token client only makes sense with a secret to exchange. */
    static final class ServiceSecretConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String secret = context.getEnvironment().getProperty(INTERNAL_SERVICE_SECRET);
            return secret != null && !secret.isBlank();
        }
    }
}
