package dev.symbia.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The caller must hold all of these capabilities in the request's org (super admins pass).
 * On a controller class it applies to every handler method; on a method it adds to the class's.
 * Without a principal the answer is 401, without a capability 403 (problem+json).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequiresCapability {

    String[] value();
}
