package com.clientele.segment;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;

import java.math.BigDecimal;

@Input("SegmentSettingsInput")
@Description("Only the settings given change. clearBigSpenderOrderTotal: true returns to the percentile rule.")
public class SegmentSettingsInput {
    public Integer window;
    public Integer rfmWindow;
    public Integer newCustomerDays;
    public Integer lostAfterDays;
    public Integer lapsedAfterDays;
    public Integer loyalMinOrders;
    public Integer regularMinOrders;
    public Integer recentDays;
    public BigDecimal bigSpenderOrderTotal;
    public Boolean clearBigSpenderOrderTotal;
    public Integer bulkLineQuantity;
    public Integer bulkOrderUnits;
    public BigDecimal discountShare;
    public BigDecimal impulseShare;
    public Integer impulseMinutes;
    public BigDecimal focusShare;
    public BigDecimal irregularCv;
    public BigDecimal researchVisits;
    public BigDecimal mobileShare;
}
