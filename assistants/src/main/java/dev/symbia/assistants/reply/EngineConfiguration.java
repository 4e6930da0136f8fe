package dev.symbia.assistants.reply;

import dev.symbia.assistants.engine.Handoffs;
import dev.symbia.assistants.engine.Llm;
import dev.symbia.assistants.engine.Services;
import dev.symbia.assistants.engine.Webhooks;
import dev.symbia.assistants.engine.RuleEngine;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The rule engine, with integrations as its model and PostgreSQL behind handoffs. */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

    @Bean
    RuleEngine ruleEngine(Llm llm, Handoffs handoffs, Webhooks webhooks, Services services) {
        return new RuleEngine(llm, handoffs, webhooks, services);
    }
}
