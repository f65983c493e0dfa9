package com.clientele.segment;

import com.clientele.common.BadUserInputException;
import com.clientele.common.InputCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads and changes the segment settings; a change recomputes every segment in the same transaction. */
@ApplicationScoped
public class SegmentSettingsService {

    private static final String READ = "select name, value from segment_setting";
    private static final String WRITE = "update segment_setting set value = $2 where name = $1";
    private static final BigDecimal ONE = BigDecimal.ONE;

    private final Pool pool;
    private final SegmentRecomputer recomputer;

    public SegmentSettingsService(Pool pool, SegmentRecomputer recomputer) {
        this.pool = pool;
        this.recomputer = recomputer;
    }

    public Uni<SegmentSettings> read() {
        return pool.query(READ).execute().map(rows -> {
            Map<String, BigDecimal> values = new HashMap<>();
            rows.forEach(r -> values.put(r.getString("name"), r.getBigDecimal("value")));
            return SegmentSettings.of(values);
        });
    }

    public Uni<SegmentSettings> update(SegmentSettingsInput in) throws BadUserInputException {
        Map<String, BigDecimal> changes = changes(in);
        return recomputer.recomputeAfter(conn -> {
            Uni<Void> writes = Uni.createFrom().voidItem();
            for (Map.Entry<String, BigDecimal> change : changes.entrySet()) {
                writes = writes.chain(() -> conn.preparedQuery(WRITE)
                        .execute(Tuple.of(change.getKey(), change.getValue())).replaceWithVoid());
            }
            return writes;
        }).chain(recomputed -> read());
    }

    /** Validates every given setting and returns them by name (null value: unset). */
    static Map<String, BigDecimal> changes(SegmentSettingsInput in) throws BadUserInputException {
        InputCheck check = new InputCheck();
        Map<String, BigDecimal> changes = new LinkedHashMap<>();
        String p = "settings.";
        days(check, changes, p, "window", in.window);
        days(check, changes, p, "rfmWindow", in.rfmWindow);
        days(check, changes, p, "newCustomerDays", in.newCustomerDays);
        days(check, changes, p, "lostAfterDays", in.lostAfterDays);
        days(check, changes, p, "lapsedAfterDays", in.lapsedAfterDays);
        days(check, changes, p, "recentDays", in.recentDays);
        count(check, changes, p, "loyalMinOrders", in.loyalMinOrders, 1, 100_000);
        count(check, changes, p, "regularMinOrders", in.regularMinOrders, 1, 100_000);
        count(check, changes, p, "bulkLineQuantity", in.bulkLineQuantity, 1, 1_000_000);
        count(check, changes, p, "bulkOrderUnits", in.bulkOrderUnits, 1, 1_000_000);
        count(check, changes, p, "impulseMinutes", in.impulseMinutes, 0, 10_080);
        share(check, changes, p, "discountShare", in.discountShare);
        share(check, changes, p, "impulseShare", in.impulseShare);
        share(check, changes, p, "focusShare", in.focusShare);
        share(check, changes, p, "mobileShare", in.mobileShare);
        ratio(check, changes, p, "irregularCv", in.irregularCv);
        ratio(check, changes, p, "researchVisits", in.researchVisits);
        if (Boolean.TRUE.equals(in.clearBigSpenderOrderTotal)) {
            if (in.bigSpenderOrderTotal != null) {
                check.problem(p + "bigSpenderOrderTotal", "cannot be set and cleared at once");
            }
            changes.put("bigSpenderOrderTotal", null);
        } else if (in.bigSpenderOrderTotal != null) {
            check.money(p + "bigSpenderOrderTotal", in.bigSpenderOrderTotal);
            changes.put("bigSpenderOrderTotal", in.bigSpenderOrderTotal);
        }
        check.throwIfAny();
        return changes;
    }

    private static void days(InputCheck check, Map<String, BigDecimal> changes, String p, String name, Integer v) {
        count(check, changes, p, name, v, 1, 36_500);
    }

    private static void count(InputCheck check, Map<String, BigDecimal> changes, String p, String name, Integer v,
                              int min, int max) {
        if (v != null) {
            check.range(p + name, v, min, max);
            changes.put(name, BigDecimal.valueOf(v));
        }
    }

    private static void share(InputCheck check, Map<String, BigDecimal> changes, String p, String name, BigDecimal v) {
        if (v != null) {
            if (v.signum() < 0 || v.compareTo(ONE) > 0) {
                check.problem(p + name, "must lie between 0 and 1");
            }
            changes.put(name, v);
        }
    }

    private static void ratio(InputCheck check, Map<String, BigDecimal> changes, String p, String name, BigDecimal v) {
        if (v != null) {
            if (v.signum() < 0 || v.compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
                check.problem(p + name, "must lie between 0 and 1000000");
            }
            changes.put(name, v);
        }
    }
}
