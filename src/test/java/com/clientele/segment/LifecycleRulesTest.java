package com.clientele.segment;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.clientele.GraphQLClient.graphql;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** SEGMENTS.md section 1, both sides of each threshold, and the order of evaluation. Era: 2010. */
@QuarkusTest
class LifecycleRulesTest extends Pins {


    @Test
    void everyLifecycleRuleOnBothSidesOfItsThreshold() {
        Shop shop = new Shop("2010-07-01T00:00:00Z")
                .customer("prospect")
                .customer("new").order("new", 29.9, "10")
                .customer("notNewAnymore").order("notNewAnymore", 30, "10")        // (asOf - 30d, asOf] excludes day 30
                .customer("lost").order("lost", 365, "10").order("lost", 400, "10")
                .customer("lapsedNotLost").order("lapsedNotLost", 364.9, "10").order("lapsedNotLost", 500, "10")
                .customer("lapsed").order("lapsed", 90, "10").order("lapsed", 200, "10")
                .customer("notLapsed").order("notLapsed", 89.9, "10").order("notLapsed", 200, "10")
                .customer("oneTime").order("oneTime", 60, "10")
                .customer("loyal")   // 6 orders in 365 days, in quarters 1, 2 and 3
                .order("loyal", 10, "1").order("loyal", 20, "1").order("loyal", 100, "1").order("loyal", 110, "1")
                .order("loyal", 200, "1").order("loyal", 210, "1")
                .customer("sixInTwoQuarters")
                .order("sixInTwoQuarters", 10, "1").order("sixInTwoQuarters", 20, "1").order("sixInTwoQuarters", 30, "1")
                .order("sixInTwoQuarters", 100, "1").order("sixInTwoQuarters", 110, "1").order("sixInTwoQuarters", 120, "1")
                .customer("regular").order("regular", 10, "1").order("regular", 50, "1").order("regular", 300, "1")
                .customer("occasional").order("occasional", 10, "1").order("occasional", 300, "1")
                .customer("twoOldOneRecent").order("twoOldOneRecent", 10, "1").order("twoOldOneRecent", 366, "1")
                .order("twoOldOneRecent", 700, "1")
                .save().recompute();

        Map<String, String> expected = Map.ofEntries(
                Map.entry("prospect", "PROSPECT"), Map.entry("new", "NEW"), Map.entry("notNewAnymore", "ONE_TIME"),
                Map.entry("lost", "LOST"), Map.entry("lapsedNotLost", "LAPSED"), Map.entry("lapsed", "LAPSED"),
                Map.entry("notLapsed", "OCCASIONAL"), Map.entry("oneTime", "ONE_TIME"), Map.entry("loyal", "LOYAL"),
                Map.entry("sixInTwoQuarters", "REGULAR"), Map.entry("regular", "REGULAR"),
                Map.entry("occasional", "OCCASIONAL"), Map.entry("twoOldOneRecent", "OCCASIONAL"));
        expected.forEach((name, lifecycle) -> assertEquals(lifecycle, shop.lifecycle(name), name));
    }

    @Test
    void firstMatchWinsInTheDocumentedOrder() {
        Shop shop = new Shop("2010-07-01T00:00:00Z")
                .customer("newBeatsOneTime").order("newBeatsOneTime", 5, "1")
                .customer("newBeatsRegular").order("newBeatsRegular", 1, "1").order("newBeatsRegular", 2, "1")
                .order("newBeatsRegular", 3, "1")
                .customer("lapsedBeatsOneTime").order("lapsedBeatsOneTime", 100, "1")
                .customer("lostBeatsLapsed").order("lostBeatsLapsed", 800, "1")
                .save().recompute();
        assertEquals("NEW", shop.lifecycle("newBeatsOneTime"));
        assertEquals("NEW", shop.lifecycle("newBeatsRegular"));
        assertEquals("LAPSED", shop.lifecycle("lapsedBeatsOneTime"));
        assertEquals("LOST", shop.lifecycle("lostBeatsLapsed"));
    }

    @Test
    void laterAndCancelledOrdersDoNotCount() {
        Shop shop = new Shop("2010-07-01T00:00:00Z")
                .customer("future").order("future", -1, "10")
                .customer("cancelled").order("cancelled", 10, "10")
                .save();
        String cancelledOrder = shop.id("p2");
        graphql("mutation($e: String!) { cancelPurchase(externalId: $e) { externalId } }", Map.of("e", cancelledOrder));
        shop.recompute();
        assertEquals("PROSPECT", shop.lifecycle("future"));
        assertEquals("PROSPECT", shop.lifecycle("cancelled"));
    }
}
