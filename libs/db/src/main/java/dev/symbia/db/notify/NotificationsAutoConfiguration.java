package dev.symbia.db.notify;

import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * A {@link PostgresNotifications} bean for every service with a DataSource. It holds no connection
 * until something listens.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(name = "org.postgresql.PGConnection")
@ConditionalOnBean(DataSource.class)
@EnableConfigurationProperties(NotificationSettings.class)
public class NotificationsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PostgresNotifications postgresNotifications(DataSource dataSource, NotificationSettings settings) {
        return new PostgresNotifications(dataSource, settings);
    }
}
