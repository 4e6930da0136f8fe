package dev.symbia.network;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The network service: event mesh with node registry, contracts, policies, signed event routing, topology and traces. */
@SpringBootApplication
@EnableScheduling
public class NetworkApplication {

    public static void main(String[] args) {
        SpringApplication.run(NetworkApplication.class, args);
    }
}
