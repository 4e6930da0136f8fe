package dev.symbia.models;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The models service: Local model inference behind an OpenAI-compatible API, and the model registry. */
@SpringBootApplication
public class ModelsApplication {

    public static void main(String[] args) {
        SpringApplication.run(ModelsApplication.class, args);
    }
}
