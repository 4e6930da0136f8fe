package dev.symbia.logging.access;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Lets handlers take a {@link Reader} or {@link Writer} parameter, resolved from the request's principal. */
@Configuration(proxyBeanMethods = false)
class AccessWebConfiguration implements WebMvcConfigurer {

    static {
        // Not request parameters: keep them out of the OpenAPI document.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Reader.class, Writer.class);
    }

    private final PrincipalAdapter principals;

    AccessWebConfiguration(PrincipalAdapter principals) {
        this.principals = principals;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new HandlerMethodArgumentResolver() {
            @Override
            public boolean supportsParameter(MethodParameter parameter) {
                return parameter.getParameterType() == Reader.class || parameter.getParameterType() == Writer.class;
            }

            @Override
            public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest web,
                    WebDataBinderFactory binders) {
                HttpServletRequest request = web.getNativeRequest(HttpServletRequest.class);
                return parameter.getParameterType() == Reader.class
                        ? principals.reader(request) : principals.writer(request);
            }
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Adapter {
        @Bean
        PrincipalAdapter principalAdapter() {
            return new AuthPrincipals();
        }
    }
}
