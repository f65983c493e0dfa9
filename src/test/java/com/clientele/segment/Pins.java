package com.clientele.segment;

import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;

/**
 * Segment tests pin asOf with recomputeSegments(asOf); the pin is lifted after each test, so that
 * later tests evaluate at now again.
 */
abstract class Pins {

    @Inject
    Pool pool;

    @AfterEach
    void unpin() {
        pool.query("update segment_state set pinned_as_of = null").execute().await().indefinitely();
    }
}
