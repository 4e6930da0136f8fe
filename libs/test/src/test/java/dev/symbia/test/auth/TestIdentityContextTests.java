package dev.symbia.test.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Every Spring test context is pointed at the shared TestIdentity, unless the test chose an identity itself. */
class TestIdentityContextTests {

    @Configuration(proxyBeanMethods = false)
    static class Empty {
    }

    @Nested
    @SpringBootTest(classes = Empty.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
            properties = "INTERNAL_SERVICE_SECRET=${symbia.test.identity.service-secret}")
    class ByDefault {

        @Autowired
        Environment environment;

        @Test
        void pointsAtTheSharedIdentity() {
            assertThat(environment.getProperty("symbia.auth.identity-url")).isEqualTo(TestIdentity.shared().url());
            assertThat(environment.getProperty("symbia.test.identity.url")).isEqualTo(TestIdentity.shared().url());
            assertThat(environment.getProperty("INTERNAL_SERVICE_SECRET")).isEqualTo(TestIdentity.shared().serviceSecret());
        }
    }

    @Nested
    @SpringBootTest(classes = Empty.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
            properties = "symbia.auth.identity-url=http://identity.example:5001")
    class WhenTheTestSetsItInline {

        @Autowired
        Environment environment;

        @Test
        void keepsTheTestsChoice() {
            assertThat(environment.getProperty("symbia.auth.identity-url")).isEqualTo("http://identity.example:5001");
        }
    }

    @Nested
    @SpringBootTest(classes = Empty.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
    class WhenTheTestSetsItDynamically {

        @DynamicPropertySource
        static void identity(DynamicPropertyRegistry registry) {
            registry.add("symbia.auth.identity-url", () -> "http://dynamic.example:5001");
        }

        @Autowired
        Environment environment;

        @Test
        void keepsTheTestsChoice() {
            assertThat(environment.getProperty("symbia.auth.identity-url")).isEqualTo("http://dynamic.example:5001");
        }
    }

    @Nested
    @SpringBootTest(classes = Empty.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
            properties = "symbia.test.identity.enabled=false")
    class WhenSwitchedOff {

        @Autowired
        Environment environment;

        @Test
        void addsNothing() {
            assertThat(environment.getProperty("symbia.test.identity.url")).isNull();
        }
    }
}
