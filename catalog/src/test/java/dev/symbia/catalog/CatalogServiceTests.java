package dev.symbia.catalog;

import dev.symbia.test.service.ServiceContractTests;

/** The platform contract (schema, health, docs, discovery, problems) for the catalog service, in the REST tests' context. */
@CatalogTestContext
class CatalogServiceTests extends ServiceContractTests {
}
