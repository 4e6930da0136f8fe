package dev.symbia.assistants.operator;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds the operator's settings ({@code symbia.assistants.operator.*}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OperatorProperties.class)
class OperatorConfiguration {
}
