package dev.symbia.integrations.usage;

import dev.symbia.integrations.stream.Usage;
import dev.symbia.integrations.usage.UsageProperties.Price;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.springframework.stereotype.Component;

/**
 * Cost of a call from our own price table. Providers' self-reported costs are never used: a
 * streamed call reported at $0 must not slip past budgets (LiteLLM #37924).
 */
@Component
class PriceTable {

    private final UsageProperties properties;

    public PriceTable(UsageProperties properties) {
        this.properties = properties;
    }

    /** Cost in micro-USD, or null when no price is configured for the model. */
    public Long costMicros(String provider, String model, Usage usage) {
        Price price = properties.prices().get(provider + "/" + model);
        if (price == null) {
            price = properties.prices().get(provider + "/*");
        }
        if (price == null) {
            return null;
        }
        // USD per million tokens × tokens = micro-USD.
        BigDecimal micros = price.inputPerMillion().multiply(BigDecimal.valueOf(usage.promptTokens()))
                .add(price.outputPerMillion().multiply(BigDecimal.valueOf(usage.completionTokens())));
        return micros.setScale(0, RoundingMode.HALF_UP).longValueExact();
    }
}
