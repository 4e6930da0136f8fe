package dev.symbia.logging;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The logging service: logs, metrics and traces from every service and from clients: ingest, query, tail, retention. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class LoggingApplication {

    public static void main(String[] args) {
        SpringApplication.run(LoggingApplication.class, args);
    }
}
