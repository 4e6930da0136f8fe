package dev.symbia.integrations.usage;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.math.BigDecimal;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Prices and budgets.
 *
 * @param prices price per million tokens in USD, keyed {@code provider/model} or {@code provider/*}
 *               (in YAML: {@code "[sambanova/Meta-Llama-3.3-70B-Instruct]"}); a call with no price
 *               gets no cost (null), never a cost of 0
 * @param budget token budgets over a rolling 24 hours, checked against the usage table; 0 = unlimited
 */
@Validated
@ConfigurationProperties("symbia.integrations.usage")
public record UsageProperties(Map<String, @Valid Price> prices, @NotNull @Valid @DefaultValue Budget budget) {

    public UsageProperties {
        prices = prices == null ? Map.of() : Map.copyOf(prices);
    }

    public record Price(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {

        public Price {
            if (inputPerMillion == null || outputPerMillion == null
                    || inputPerMillion.signum() < 0 || outputPerMillion.signum() < 0) {
                throw new IllegalArgumentException("prices need non-negative input-per-million and output-per-million");
            }
        }
    }

    public record Budget(@PositiveOrZero @DefaultValue("0") long orgDailyTokens,
            @PositiveOrZero @DefaultValue("0") long userDailyTokens) {
    }
}
