package com.clientele.activity;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks against the packaged application (the native executable with -Dnative). */
@QuarkusIntegrationTest
class VisitIngestIT extends VisitIngestTest {
}
