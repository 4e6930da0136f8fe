package dev.symbia.web.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What a service says about itself in its discovery document.
 *
 * @param description one line on what the service owns
 * @param scaffold    true while the service's features are not built yet; discovery says so
 */
@Validated
@ConfigurationProperties("symbia.service")
public record SymbiaServiceProperties(@DefaultValue("") String description, @DefaultValue("false") boolean scaffold) {
}
