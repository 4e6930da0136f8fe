package dev.symbia.network.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@link Caller} handler parameter: the capability checked while the caller is resolved, i.e.
 * before the request body is read, so a caller without it gets 403 whatever the body says.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface RequiresCapability {

    String value();
}
