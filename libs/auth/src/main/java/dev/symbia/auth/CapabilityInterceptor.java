package dev.symbia.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.Objects;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/** Enforces {@link RequiresCapability} on controller classes and methods before the handler runs. */
final class CapabilityInterceptor implements HandlerInterceptor {

    /**
     * What each handler requires, looked up once: merging annotations on every request cost more than the check.
     * Bounded by the service's handler methods.
     */
    private final Map<Class<?>, Map<Method, List<RequiresCapability>>> required = new ConcurrentHashMap<>();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        // Keyed by the bean type, then the method: the same instances on every request, so each lookup is an identity
        // hit (a record key's generated equals and hashCode showed up in the profile more than the merge had).
        List<RequiresCapability> requirements = required.computeIfAbsent(method.getBeanType(), type -> new ConcurrentHashMap<>())
                .computeIfAbsent(method.getMethod(), key -> requirements(method));
        if (requirements.isEmpty()) {
            return true;
        }
        SymbiaPrincipal principal = Authz.principal();
        for (RequiresCapability requirement : requirements) {
            Authz.check(principal, requirement.value());
        }
        return true;
    }

    /** The type's requirement, then the method's. */
    private static List<RequiresCapability> requirements(HandlerMethod method) {
        return Stream.of(AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), RequiresCapability.class),
                method.getMethodAnnotation(RequiresCapability.class)).filter(Objects::nonNull).toList();
    }
}
