package dev.symbia.models;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The models service: local GGUF inference through llama.cpp behind an OpenAI-compatible API, and the registry. */
@SpringBootApplication
@EnableConfigurationProperties(ModelsProperties.class)
public class ModelsApplication {

    public static void main(String[] args) {
        SpringApplication.run(ModelsApplication.class, args);
    }
}
