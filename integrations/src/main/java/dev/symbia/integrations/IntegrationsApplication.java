package dev.symbia.integrations;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The integrations service: LLM provider gateway (SambaNova, HuggingFace, OpenAI-compatible, local) and connectors. */
@SpringBootApplication
public class IntegrationsApplication {

    public static void main(String[] args) {
        SpringApplication.run(IntegrationsApplication.class, args);
    }
}
