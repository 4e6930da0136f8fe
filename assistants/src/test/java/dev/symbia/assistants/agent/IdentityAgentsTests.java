package dev.symbia.assistants.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.symbia.assistants.config.AssistantsProperties;
import dev.symbia.auth.AccessTokenVerifier;
import dev.symbia.auth.RemoteJwks;
import dev.symbia.auth.ServiceTokenClient;
import dev.symbia.auth.SymbiaAuthProperties;
import dev.symbia.test.MutableClock;
import dev.symbia.test.auth.TestIdentity;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mock.env.MockEnvironment;
import tools.jackson.databind.json.JsonMapper;

/** The assistants' agent tokens from identity (its wire, on AgentIdentity): verified, reused, refreshed on demand. */
class IdentityAgentsTests {

    private static final TestIdentity IDENTITY = TestIdentity.shared();
    private final AgentIdentity identity = new AgentIdentity();
    private final String org = "org-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void stop() throws IOException {
        identity.close();
    }

    private IdentityAgents agents(boolean serviceToken) {
        return agents(serviceToken, Clock.systemUTC());
    }

    private IdentityAgents agents(boolean serviceToken, Clock clock) {
        OkHttpClient asService = new OkHttpClient.Builder().addInterceptor(chain -> chain.proceed(chain.request()
                .newBuilder().header("Authorization", "Bearer " + IDENTITY.service("assistants").token()).build())).build();
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        if (serviceToken) {
            beans.addBean("serviceTokenClient", new ServiceTokenClient(new OkHttpClient(), identity.url(), "assistants",
                    IDENTITY.serviceSecret(), Clock.systemUTC(), JsonMapper.builder().build()));
        }
        AccessTokenVerifier verifier = new AccessTokenVerifier(new RemoteJwks(new OkHttpClient(), IDENTITY.jwksUrl(),
                Duration.ofSeconds(1), Duration.ofMinutes(10), Clock.systemUTC()), TestIdentity.ISSUER,
                Duration.ofSeconds(30), Clock.systemUTC());
        AssistantsProperties properties = new AssistantsProperties(Duration.ofSeconds(60), Duration.ofSeconds(5),
                Duration.ofSeconds(5), null, false, Duration.ofMillis(40), List.of(), Duration.ofSeconds(5),
                Duration.ofMinutes(1));
        SymbiaAuthProperties auth = new SymbiaAuthProperties(identity.url(), TestIdentity.ISSUER, List.of(), List.of(),
                Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofSeconds(30), "token", "");
        return new IdentityAgents(asService, beans.getBeanProvider(ServiceTokenClient.class), verifier,
                JsonMapper.builder().build(), properties, auth, new MockEnvironment(), clock);
    }

    @Test
    void aVerifiedTokenIsReusedUntilAskedAfresh() throws Exception {
        IdentityAgents agents = agents(true);
        identity.grant(org, "echo", "cap:messaging.write");
        AssistantAgents.Agent first = agents.forAssistant(org, "echo");
        assertThat(first.agentId()).isEqualTo("assistant:echo");
        assertThat(first.orgId()).isEqualTo(org);
        assertThat(first.granted()).containsExactly("cap:messaging.write");
        assertThat(identity.asked).hasSize(1);
        assertThat(identity.asked.peek().path("agentId").asString()).isEqualTo("assistant:echo");

        identity.grant(org, "echo", "cap:messaging.write", "cap:integrations.execute"); // an admin grants more
        assertThat(agents.forAssistant(org, "echo").granted()).as("reused for a minute").hasSize(1);
        assertThat(identity.asked).hasSize(1);
        assertThat(agents.fresh(org, "echo").granted()).containsExactlyInAnyOrder("cap:messaging.write",
                "cap:integrations.execute");
        assertThat(agents.forAssistant(org, "echo").granted()).hasSize(2);
        assertThat(identity.asked).hasSize(2);
        assertThat(agents.forAssistant("other-" + org, "echo").granted()).as("another org: another agent").isEmpty();
    }

    @Test
    void anAssistantInUseGetsItsNextTokenInTheBackgroundBeforeItsReuseEnds() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        IdentityAgents agents = agents(true, clock); // reused for a minute
        identity.grant(org, "echo", "cap:messaging.write");
        assertThat(agents.forAssistant(org, "echo").granted()).hasSize(1);
        identity.grant(org, "echo", "cap:messaging.write", "cap:integrations.execute"); // an admin grants more

        clock.advance(Duration.ofSeconds(30));
        assertThat(agents.forAssistant(org, "echo").granted()).hasSize(1);
        assertThat(identity.asked).as("in the first two thirds of the minute nothing is asked").hasSize(1);

        clock.advance(Duration.ofSeconds(15));
        assertThat(agents.forAssistant(org, "echo").granted()).as("the reply does not wait for identity").hasSize(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> agents.forAssistant(org, "echo").granted().size() == 2);
        assertThat(identity.asked).as("one refresh, however many replies asked meanwhile").hasSize(2);

        clock.advance(Duration.ofSeconds(20)); // 65 s: past the first token's minute, not two thirds into the second's
        assertThat(agents.forAssistant(org, "echo").granted()).hasSize(2);
        assertThat(identity.asked).hasSize(2);
    }

    @Test
    void noTokenIsAClearReasonNeverAGuess() {
        identity.deactivate(org, "desk");
        assertThatThrownBy(() -> agents(true).forAssistant(org, "desk"))
                .isInstanceOf(AssistantAgents.Unavailable.class)
                .hasMessage("its agent is deactivated in this organization");
        int asked = identity.asked.size();
        assertThatThrownBy(() -> agents(false).forAssistant(org, "echo"))
                .isInstanceOf(AssistantAgents.Unavailable.class).hasMessageContaining("INTERNAL_SERVICE_SECRET");
        assertThat(identity.asked).as("nothing asked without a service token").hasSize(asked);
    }
}
