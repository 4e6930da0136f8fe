package dev.symbia.db.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.test.postgres.TestDatabase;
import dev.symbia.test.postgres.TestPostgres;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class NotificationsAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(NotificationsAutoConfiguration.class));

    private static DataSource dataSource() {
        TestDatabase database = TestPostgres.freshDatabase();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(database.jdbcUrl());
        dataSource.setUser(database.username());
        dataSource.setPassword(database.password());
        return dataSource;
    }

    @Test
    void aBeanWhenThereIsADataSourceWithSettingsFromProperties() {
        runner.withBean(DataSource.class, NotificationsAutoConfigurationTests::dataSource)
                .withPropertyValues("symbia.db.notify.poll-interval=100ms")
                .run(context -> {
                    assertThat(context).hasSingleBean(PostgresNotifications.class);
                    assertThat(context.getBean(NotificationSettings.class).pollInterval()).isEqualTo(Duration.ofMillis(100));
                    assertThat(context.getBean(PostgresNotifications.class).isRunning()).isTrue();
                });
    }

    @Test
    void noBeanWithoutADataSource() {
        runner.run(context -> assertThat(context).doesNotHaveBean(PostgresNotifications.class));
    }

    @Test
    void invalidSettingsFailAtStartup() {
        runner.withBean(DataSource.class, NotificationsAutoConfigurationTests::dataSource)
                .withPropertyValues("symbia.db.notify.min-backoff=5s", "symbia.db.notify.max-backoff=1s")
                .run(context -> assertThat(context).hasFailed());
    }
}
