package dev.symbia.network.delivery;

import dev.symbia.core.RuntimeMode;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {

    /**
     * SCAFFOLD: replaced by libs/auth principal — bind {@code DeliveryCredentials} to the network's
     * service token ({@code Authorization: Bearer} from ServiceTokenClient). Until then the network
     * asserts its identity with the development header outside production, and sends nothing in production.
     */
    @Bean
    @ConditionalOnMissingBean
    DeliveryCredentials deliveryCredentials(RuntimeMode mode) {
        return mode.isProduction() ? Map::of : () -> Map.of("X-Symbia-Principal", "service:network");
    }
}
