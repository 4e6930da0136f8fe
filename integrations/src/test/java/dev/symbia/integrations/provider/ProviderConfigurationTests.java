package dev.symbia.integrations.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.integrations.provider.ProvidersProperties.ProviderSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.mock.env.MockEnvironment;

/** The environment contract of SPEC §4 (names and defaults) as application.yml binds it, and default selection. */
class ProviderConfigurationTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ProvidersProperties.class)
    @Import(ProviderRegistry.class)
    static class Providers {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withUserConfiguration(Providers.class);

    @Test
    void defaultsMatchTheSpec() {
        runner.run(context -> {
            ProviderRegistry registry = context.getBean(ProviderRegistry.class);
            assertThat(registry.all()).extracting(ProviderConfig::name)
                    .containsExactly("sambanova", "huggingface", "openai", "local");
            ProviderConfig samba = registry.find("sambanova").orElseThrow();
            assertThat(samba.endpoint("chat/completions").toString())
                    .isEqualTo("https://api.sambanova.ai/v1/chat/completions");
            assertThat(samba.defaultModel()).isEqualTo("Meta-Llama-3.3-70B-Instruct");
            ProviderConfig hf = registry.find("huggingface").orElseThrow();
            assertThat(hf.baseUrl().toString()).isEqualTo("https://router.huggingface.co/v1");
            assertThat(hf.defaultModel()).isEqualTo("meta-llama/Llama-3.2-3B-Instruct");
            ProviderConfig openai = registry.find("openai").orElseThrow();
            assertThat(openai.baseUrl().toString()).isEqualTo("https://api.openai.com/v1");
            assertThat(openai.defaultModel()).isNull();
            ProviderConfig local = registry.find("local").orElseThrow();
            assertThat(local.baseUrl().toString()).isEqualTo("http://localhost:5008/v1");
            assertThat(local.requiresKey()).isFalse();
            // No key anywhere and no SYMBIA_DEFAULT_PROVIDER: the local models service.
            assertThat(registry.defaultProvider().name()).isEqualTo("local");
        });
    }

    @Test
    void environmentVariablesOverrideEverything() {
        runner.withPropertyValues("SAMBANOVA_API_KEY=sn-abc", "HUGGINGFACE_API_KEY=hf_abc",
                        "HUGGINGFACE_BASE_URL=https://hf.example/v1/", "HUGGINGFACE_DEFAULT_MODEL=Qwen/Qwen2.5-7B-Instruct:cheapest",
                        "OPENAI_BASE_URL=http://vllm:8000/v1", "OPENAI_DEFAULT_MODEL=qwen2.5",
                        "SYMBIA_DEFAULT_PROVIDER=huggingface", "MODELS_SERVICE_URL=http://models.internal:9008/")
                .run(context -> {
                    ProviderRegistry registry = context.getBean(ProviderRegistry.class);
                    ProvidersProperties properties = context.getBean(ProvidersProperties.class);
                    assertThat(properties.providers().get("sambanova").apiKey()).isEqualTo("sn-abc");
                    assertThat(properties.toString()).doesNotContain("sn-abc").doesNotContain("hf_abc");
                    assertThat(registry.defaultProvider().name()).isEqualTo("huggingface");
                    assertThat(registry.find("huggingface").orElseThrow().endpoint("chat/completions").toString())
                            .isEqualTo("https://hf.example/v1/chat/completions");
                    assertThat(registry.find("huggingface").orElseThrow().defaultModel())
                            .isEqualTo("Qwen/Qwen2.5-7B-Instruct:cheapest");
                    assertThat(registry.find("openai").orElseThrow().baseUrl().toString()).isEqualTo("http://vllm:8000/v1");
                    assertThat(registry.find("openai").orElseThrow().defaultModel()).isEqualTo("qwen2.5");
                    assertThat(registry.find("local").orElseThrow().baseUrl().toString())
                            .isEqualTo("http://models.internal:9008/v1");
                });
    }

    @Test
    void defaultIsTheFirstProviderWithAKeyInTableOrder() {
        runner.withPropertyValues("OPENAI_API_KEY=sk-abc", "HUGGINGFACE_API_KEY=hf_abc").run(context ->
                assertThat(context.getBean(ProviderRegistry.class).defaultProvider().name()).isEqualTo("huggingface"));
    }

    @Test
    void badConfigurationFailsAtStartup() {
        runner.withPropertyValues("SYMBIA_DEFAULT_PROVIDER=anthropic").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("SYMBIA_DEFAULT_PROVIDER"));
        runner.withPropertyValues("SAMBANOVA_BASE_URL=not a url").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("invalid base URL"));
    }

    @Test
    void disabledProvidersAreHidden() {
        ProvidersProperties properties = new ProvidersProperties("", Map.of(
                "sambanova", new ProviderSettings("k", "http://a/v1", "m", List.of(), true, true, false),
                "local", new ProviderSettings("", "http://b/v1", "", List.of(), false, true, true)));
        ProviderRegistry registry = new ProviderRegistry(properties, new MockEnvironment());
        assertThat(registry.all()).extracting(ProviderConfig::name).containsExactly("local");
        assertThat(registry.find("sambanova")).isEmpty();
    }
}
