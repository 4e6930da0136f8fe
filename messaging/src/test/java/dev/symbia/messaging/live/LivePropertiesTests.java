package dev.symbia.messaging.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.validation.Validation;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

class LivePropertiesTests {

    // As Boot binds it: constructor checks and Bean Validation constraints both apply.
    private static LiveProperties bind(Map<String, String> values) {
        var validator = new SpringValidatorAdapter(Validation.buildDefaultValidatorFactory().getValidator());
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate(LiveProperties.PREFIX,
                Bindable.of(LiveProperties.class), new ValidationBindHandler(validator));
    }

    @Test
    void defaults() {
        LiveProperties properties = bind(Map.of());
        assertThat(properties.retention()).isEqualTo(Duration.ofHours(1));
        assertThat(properties.heartbeat()).isEqualTo(Duration.ofSeconds(15));
        assertThat(properties.sendBufferSize()).isEqualTo(DataSize.ofMegabytes(4));
        assertThat(properties.maxConnections()).isPositive();
        assertThat(properties.writerBacklog()).isEqualTo(20_000);
    }

    @Test
    void invalidValuesAreRefusedWithTheirName() {
        assertThatThrownBy(() -> bind(Map.of("symbia.messaging.live.heartbeat", "0s")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("heartbeat");
        assertThatThrownBy(() -> bind(Map.of("symbia.messaging.live.max-connections", "0")))
                .isInstanceOf(BindException.class).hasStackTraceContaining("maxConnections");
        assertThatThrownBy(() -> bind(Map.of("symbia.messaging.live.send-buffer-size", "10B")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("send-buffer-size");
        assertThatThrownBy(() -> bind(Map.of("symbia.messaging.live.writer-backlog", "0")))
                .isInstanceOf(BindException.class).hasStackTraceContaining("writerBacklog");
    }
}
