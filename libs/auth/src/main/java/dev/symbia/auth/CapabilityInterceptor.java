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
    private final Map<Handler, List<RequiresCapability>> required = new ConcurrentHashMap<>();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        List<RequiresCapability> requirements = required.computeIfAbsent(
                new Handler(method.getBeanType(), method.getMethod()), key -> requirements(method));
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

    private record Handler(Class<?> beanType, Method method) {
    }
}
