package com.clientele.segment;

import io.vertx.mutiny.sqlclient.Pool;

/** Tests pin asOf with recomputeSegments(asOf); the pin is lifted afterwards so later tests evaluate at now. */
final class Pins {

    private Pins() {
    }

    static void unpin(Pool pool) {
        pool.query("update segment_state set pinned_as_of = null").execute().await().indefinitely();
    }
}
