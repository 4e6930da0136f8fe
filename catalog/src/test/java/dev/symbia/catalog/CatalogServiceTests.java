package dev.symbia.catalog;

import dev.symbia.test.service.ServiceContractTests;

/** The platform contract (schema, health, docs, discovery, problems) for the catalog service. */
class CatalogServiceTests extends ServiceContractTests {
}
