package dev.symbia.logging.access;

import dev.symbia.auth.Authz;
import dev.symbia.core.PlatformHeaders;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Lets a handler declare a {@link Reader} or {@link Writer} parameter: logging's access scopes, derived
 * from libs/auth's principal as other services derive their {@code Caller} (401 without one).
 */
final class AccessResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Reader.class || parameter.getParameterType() == Writer.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
            WebDataBinderFactory binders) {
        var principal = Authz.principal();
        if (parameter.getParameterType() == Writer.class) {
            return Writer.of(principal);
        }
        String selected = request.getHeader(PlatformHeaders.ORG);
        return Reader.of(principal, selected != null && !selected.isBlank());
    }
}
