package dev.symbia.catalog;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The one Spring context (and database) of the catalog's tests: the REST tests ({@link CatalogTestSupport}) and the
 * platform contract ({@link CatalogServiceTests}) carry it, so Spring's context cache starts the service once for
 * both. A test that needs other settings would start a second service: change them here for all instead, when the
 * other tests do not notice (the 1 MB artifact limit is only reached by {@code ArtifactTests}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "symbia.catalog.bootstrap.backoff=10ms",
        "symbia.catalog.artifact-max-size-mb=1"})
@Import(CatalogTestSupport.TestBeans.class)
@interface CatalogTestContext {
}
