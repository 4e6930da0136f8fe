package dev.symbia.web.body;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Exempts a handler's JSON body from {@link ControlCharacterBodyAdvice}: for the rare endpoint that takes
 * foreign text as it comes and makes it storable itself (logging's ingestion replaces a NUL rather than
 * lose a batch of log lines). The handler then answers for every string it stores.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.PARAMETER})
public @interface AllowsControlCharacters {
}
