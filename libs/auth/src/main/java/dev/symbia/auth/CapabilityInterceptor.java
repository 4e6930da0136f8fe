package dev.symbia.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/** Enforces {@link RequiresCapability} on controller classes and methods before the handler runs. */
final class CapabilityInterceptor implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        RequiresCapability onType = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), RequiresCapability.class);
        RequiresCapability onMethod = method.getMethodAnnotation(RequiresCapability.class);
        if (onType == null && onMethod == null) {
            return true;
        }
        SymbiaPrincipal principal = Authz.principal();
        if (onType != null) {
            Authz.check(principal, onType.value());
        }
        if (onMethod != null) {
            Authz.check(principal, onMethod.value());
        }
        return true;
    }
}
