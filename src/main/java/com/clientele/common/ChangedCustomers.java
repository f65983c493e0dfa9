package com.clientele.common;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.List;

/**
 * What a write announces: these customers' data changed. The implementation brings everything derived
 * from their data (metrics, memberships, their history) up to date inside the writer's transaction, so
 * the write and its consequences commit together or not at all. The writer holds the customers' locks
 * (R__write_locks) when it calls, so the refresh sees every row that concurrent writers committed.
 */
public interface ChangedCustomers {

    /** Within the caller's transaction on the reactive SQL client. */
    Uni<Void> refresh(SqlConnection connection, List<Long> customerIds);

    /** Within the caller's Hibernate Reactive transaction (entity writes). */
    Uni<Void> refresh(Mutiny.Session session, List<Long> customerIds);

    /**
     * These customers are about to be erased, in the caller's transaction: everything derived from them
     * ends as it would for a customer who left (their memberships end with exits), and what must outlive
     * them (the change feed) stops naming them.
     */
    Uni<Void> forget(Mutiny.Session session, List<Long> customerIds);
}
