package dev.symbia.network.security;

import dev.symbia.web.problem.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Resolves {@link Caller} handler parameters: 401 when anonymous, 403 when a required capability is missing. */
final class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    private final CallerResolver resolver;

    CallerArgumentResolver(CallerResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer, NativeWebRequest webRequest,
            WebDataBinderFactory binderFactory) {
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        Caller caller = resolver.resolve(request::getHeader)
                .orElseThrow(() -> ProblemException.unauthenticated("Sign in or present a valid token."));
        RequiresCapability required = parameter.getParameterAnnotation(RequiresCapability.class);
        if (required != null) {
            caller.require(required.value());
        }
        return caller;
    }
}
