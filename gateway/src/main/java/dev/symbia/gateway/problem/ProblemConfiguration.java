package dev.symbia.gateway.problem;

import io.netty.channel.ChannelPipeline;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class ProblemConfiguration {

    @Bean
    ProblemWebExceptionHandler problemWebExceptionHandler(JsonMapper jsonMapper) {
        return new ProblemWebExceptionHandler(jsonMapper);
    }

    /** Problems for what Netty, or Spring's adapter before any filter, answers on its own (400, 414, 431). */
    @Bean
    NettyServerCustomizer emptyErrorProblems(JsonMapper jsonMapper) {
        return server -> server.doOnChannelInit((observer, channel, remoteAddress) -> {
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get(NettyPipeline.HttpCodec) != null) {
                pipeline.addAfter(NettyPipeline.HttpCodec, EmptyErrorProblemHandler.NAME, new EmptyErrorProblemHandler(jsonMapper));
            }
        });
    }
}
