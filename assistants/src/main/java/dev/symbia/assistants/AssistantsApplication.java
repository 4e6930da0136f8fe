package dev.symbia.assistants;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The assistants service: Assistant definitions, rule engine, LLM actions and replies into conversations. */
@SpringBootApplication
public class AssistantsApplication {

    public static void main(String[] args) {
        SpringApplication.run(AssistantsApplication.class, args);
    }
}
