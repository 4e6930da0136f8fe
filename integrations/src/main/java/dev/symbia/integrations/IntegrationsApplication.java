package dev.symbia.integrations;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The integrations service: LLM provider gateway (SambaNova, HuggingFace, OpenAI-compatible, local) and connectors. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IntegrationsApplication {

    public static void main(String[] args) {
        SpringApplication.run(IntegrationsApplication.class, args);
    }
}
