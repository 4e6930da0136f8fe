package dev.symbia.auth;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Lets a controller method declare a {@link SymbiaPrincipal} or a {@link Caller} parameter; without a
 * principal the answer is 401. Where authentication is optional, use {@link Authz#current()} instead.
 */
final class PrincipalArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return SymbiaPrincipal.class.equals(parameter.getParameterType()) || Caller.class.equals(parameter.getParameterType());
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        SymbiaPrincipal principal = Authz.principal();
        return Caller.class.equals(parameter.getParameterType()) ? Caller.of(principal) : principal;
    }
}
