package dev.symbia.logging.access;

import java.util.List;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Registers {@link AccessResolver}, so handlers take a {@link Reader} or {@link Writer} parameter. */
@Configuration(proxyBeanMethods = false)
class AccessWebConfiguration implements WebMvcConfigurer {

    static {
        // Not request parameters: keep them out of the OpenAPI document.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Reader.class, Writer.class);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new AccessResolver());
    }
}
