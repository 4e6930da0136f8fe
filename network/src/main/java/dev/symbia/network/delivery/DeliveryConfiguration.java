package dev.symbia.network.delivery;

import dev.symbia.auth.ServiceTokenClient;
import dev.symbia.relay.RelayCredentials;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DeliveryConfiguration.class);

    /**
     * HTTP deliveries carry the network's own service token, the same way a relay authenticates
     * ({@link RelayCredentials#serviceToken}): receivers admit {@code network} on
     * {@code /api/internal/network/events}. Without {@code INTERNAL_SERVICE_SECRET} there is none,
     * and receivers refuse the deliveries — said once here rather than on every delivery.
     */
    @Bean
    @ConditionalOnMissingBean
    DeliveryCredentials deliveryCredentials(ObjectProvider<ServiceTokenClient> serviceTokens) {
        ServiceTokenClient client = serviceTokens.getIfAvailable();
        if (client == null) {
            log.warn("No service token (INTERNAL_SERVICE_SECRET is not set): services will refuse HTTP deliveries");
            return Map::of;
        }
        return RelayCredentials.serviceToken(client)::headers;
    }
}
