package com.clientele.rule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every field a rule can test, with its type, unit and meaning: the one registry that the checker,
 * the builder metadata ({@code ruleFields}) and, later, the SQL compiler and the evaluator share.
 */
public final class RuleFields {

    /** What kind of value a field holds, which decides its operators and the values it compares with. */
    public enum Type {
        INTEGER, NUMBER, MONEY, SHARE, STRING, ENUM, KEY, BOOLEAN, DATE, INSTANT, ATTRIBUTE;

        public boolean isNumeric() {
            return this == INTEGER || this == NUMBER || this == MONEY || this == SHARE;
        }

        public boolean isText() {
            return this == STRING || this == ENUM || this == KEY;
        }

        public boolean isTime() {
            return this == DATE || this == INSTANT;
        }
    }

    /** The operators of conditions, as the typed input and the builder metadata name them. */
    public enum Operator {
        EQ, NE, LT, LE, GT, GE, BETWEEN, IN, NOT_IN, CONTAINS, STARTS_WITH, ENDS_WITH, IS_SET, IS_NOT_SET
    }

    /**
     * @param values the values an ENUM or KEY field can hold (empty for other types)
     * @param sql    its value in SQL over {@code customer_metrics cm} (which holds a copy of the customer
     *               fields rules read most) or, for personal fields, {@code customer c}, where {@code {asOf}}
     *               stands for the evaluation instant (a bind parameter)
     */
    public record Field(String name, Type type, String description, String unit, List<String> values, String sql) {
        public Set<Operator> operators() {
            return RuleFields.operators(type);
        }

        /** Whether its SQL reads the customer table (personal fields, external id, attributes). */
        public boolean readsCustomer() {
            return sql == null || sql.startsWith("c.");
        }
    }

    /** The device and source values of purchases and visits. */
    public static final List<String> DEVICES = List.of("MOBILE_APP", "MOBILE_WEB", "DESKTOP", "TABLET", "OTHER");
    public static final List<String> SOURCES = List.of("DIRECT", "ORGANIC_SEARCH", "PAID_SEARCH", "SOCIAL", "EMAIL",
            "AFFILIATE", "ADVERTISING", "REFERRAL", "MARKETPLACE", "OTHER");

    private final Map<String, Field> fields = new LinkedHashMap<>();

    /**
     * @param lifecycleKeys the keys a customer's lifecycle takes
     * @param rfmGroups     the keys of the RFM groups
     */
    public RuleFields(List<String> lifecycleKeys, List<String> rfmGroups) {
        // customer fields
        add("externalId", Type.STRING, "c.external_id", "The shop's own id of the customer", null);
        add("email", Type.STRING, "c.email", "E-mail address (personal)", null);
        add("name", Type.STRING, "c.name", "Name (personal)", null);
        add("city", Type.STRING, "c.city", "City (personal)", null);
        add("country", Type.STRING, "cm.country", "Country, ISO 3166-1 alpha-2 (NL)", null);
        add("kind", Type.ENUM, "cm.kind", "Consumer or business", null, "CONSUMER", "BUSINESS");
        add("gender", Type.ENUM, "cm.gender", "Gender, when given", null, "FEMALE", "MALE", "OTHER", "UNDISCLOSED");
        add("acquisitionSource", Type.ENUM, "cm.acquisition_source", "Where the customer came from first", null,
                SOURCES.toArray(String[]::new));
        add("birthDate", Type.DATE, "cm.birth_date", "Date of birth (personal)", null);
        add("age", Type.INTEGER, "extract(year from age(({asOf} at time zone 'UTC')::date, cm.birth_date))::int",
                "Whole years from birthDate to the UTC date of the evaluation instant", "years");
        add("firstSeenAt", Type.INSTANT, "cm.first_seen_at", "When the customer was first seen", null);
        add("registered", Type.BOOLEAN, "cm.registered", "An account holder, not a guest", null);
        add("marketingConsent", Type.BOOLEAN, "cm.marketing_consent", "Agreed to marketing messages", null);
        add("device", Type.ENUM, "cm.latest_device", "Device of the latest order (of the latest visit when no order)", null,
                DEVICES.toArray(String[]::new));
        add("source", Type.ENUM, "cm.latest_source", "Source of the latest order (of the latest visit when no order)", null,
                SOURCES.toArray(String[]::new));
        // metrics
        add("orderCount", Type.INTEGER, "cm.order_count", "Orders, all time", "orders");
        add("ordersInWindow", Type.INTEGER, "cm.orders_in_window", "Orders in the window (window setting, 365 days)", "orders");
        add("firstOrderAt", Type.INSTANT, "cm.first_order_at", "First order", null);
        add("lastOrderAt", Type.INSTANT, "cm.last_order_at", "Latest order", null);
        add("daysSinceLastOrder", Type.INTEGER, "cm.days_since_last_order", "Whole days since the latest order", "days");
        add("daysSinceFirstOrder", Type.INTEGER, "cm.days_since_first_order", "Whole days since the first order", "days");
        add("totalSpend", Type.MONEY, "cm.total_spend", "Spend on all orders, all time", "money");
        add("spendInWindow", Type.MONEY, "cm.spend_in_window", "Spend on orders in the window", "money");
        add("averageOrderValue", Type.MONEY, "cm.average_order_value", "Average order total in the window", "money");
        add("largestOrderTotal", Type.MONEY, "cm.largest_order_total", "Largest order total in the window", "money");
        add("discountedOrderShare", Type.SHARE, "cm.discounted_order_share",
                "Share of orders in the window with a discount, coupon or promotion", "share");
        add("mobileOrderShare", Type.SHARE, "cm.mobile_order_share", "Share of orders in the window from a phone", "share");
        add("socialOrderShare", Type.SHARE, "cm.social_order_share", "Share of orders in the window from social media", "share");
        add("topCategory", Type.STRING, "cm.top_category", "Category with the largest spend in the window", null);
        add("topCategoryShare", Type.SHARE, "cm.top_category_share", "Share of the window's spend in the top category", "share");
        add("activeQuartersInLast4", Type.INTEGER, "cm.active_quarters_in_last4",
                "Of the last four 91-day periods, how many hold an order", "quarters");
        add("visitsLast30Days", Type.INTEGER, "cm.visits_last30_days", "Visits in the last 30 days", "visits");
        add("ordersAfterLastCartAdd", Type.INTEGER, "cm.orders_after_last_cart_add",
                "Orders at or after the latest visit that added to the cart", "orders");
        add("interPurchaseGapCv", Type.NUMBER, "cm.inter_purchase_gap_cv",
                "Variation of the days between orders in the window (stddev / mean)", "ratio");
        add("ordersLast365Days", Type.INTEGER, "cm.orders_last365_days", "Orders in the last 365 days", "orders");
        add("bulkOrdersInWindow", Type.INTEGER, "cm.bulk_orders_in_window", "Orders in the window with a line of at "
                + "least bulkLineQuantity or at least bulkOrderUnits units", "orders");
        add("quickOrderShare", Type.SHARE, "cm.quick_order_share", "Share of orders in the window placed within "
                + "impulseMinutes of the start of a visit with no other visit in the 7 days before", "share");
        add("researchVisitsPerOrder", Type.NUMBER, "cm.research_visits_per_order",
                "Visits in the 14 days up to each order in the window, on average", "visits");
        add("visitsInWindow", Type.INTEGER, "cm.visits_in_window", "Visits in the window", "visits");
        add("mobileVisitShare", Type.SHARE, "cm.mobile_visit_share", "Share of visits in the window from a phone", "share");
        add("daysSinceLastCartAdd", Type.INTEGER, "cm.days_since_last_cart_add",
                "Whole days since the latest visit that added to the cart", "days");
        add("rfm.recency", Type.INTEGER, "cm.rfm_recency::int", "RFM recency score, 1 to 5", "score");
        add("rfm.frequency", Type.INTEGER, "cm.rfm_frequency::int", "RFM frequency score, 1 to 5", "score");
        add("rfm.monetary", Type.INTEGER, "cm.rfm_monetary::int", "RFM monetary score, 1 to 5", "score");
        add("rfm.group", Type.KEY, "(select g.segment_key from rfm_group g where g.r = cm.rfm_recency "
                + "and g.fm = (cm.rfm_frequency + cm.rfm_monetary + 1) / 2)", "RFM group", null,
                rfmGroups.toArray(String[]::new));
        add("lifecycle", Type.KEY, "cm.lifecycle", "Lifecycle stage", null, lifecycleKeys.toArray(String[]::new));
    }

    private void add(String name, Type type, String sql, String description, String unit, String... values) {
        fields.put(name, new Field(name, type, description, unit, List.of(values), sql));
    }

    /** The field of that name; {@code attributes.KEY} is a field for every key. */
    public Optional<Field> field(String name) {
        if (name.startsWith(Operand.Field.ATTRIBUTE_PREFIX) && name.length() > Operand.Field.ATTRIBUTE_PREFIX.length()) {
            return Optional.of(new Field(name, Type.ATTRIBUTE, "The free attribute " + name.substring(11)
                    + ", typed by its stored value", null, List.of(), null));
        }
        return Optional.ofNullable(fields.get(name));
    }

    public List<Field> all() {
        return List.copyOf(fields.values());
    }

    /** The type of an aggregate's value. */
    public static Type typeOf(Operand.AggregateKind kind) {
        return kind == Operand.AggregateKind.SPEND ? Type.MONEY : Type.INTEGER;
    }

    public static Set<Operator> operators(Type type) {
        Set<Operator> all = EnumSet.allOf(Operator.class);
        return switch (type) {
            case ATTRIBUTE -> all;
            case STRING, ENUM, KEY -> EnumSet.complementOf(EnumSet.of(Operator.BETWEEN));
            case BOOLEAN -> EnumSet.of(Operator.EQ, Operator.NE, Operator.IS_SET, Operator.IS_NOT_SET);
            default -> EnumSet.complementOf(EnumSet.of(Operator.CONTAINS, Operator.STARTS_WITH, Operator.ENDS_WITH));
        };
    }

    /** Known names closest to an unknown one, closest first: the "did you mean". */
    public List<String> nearest(String unknown) {
        String wanted = unknown.toLowerCase(Locale.ROOT);
        List<String> names = new ArrayList<>(fields.keySet());
        names.sort(Comparator.comparingInt(name -> distance(wanted, name.toLowerCase(Locale.ROOT))));
        List<String> near = new ArrayList<>();
        for (String name : names) {
            int d = distance(wanted, name.toLowerCase(Locale.ROOT));
            if (near.size() < 3 && (d <= Math.max(2, wanted.length() / 3) || name.toLowerCase(Locale.ROOT).contains(wanted))) {
                near.add(name);
            }
        }
        return near;
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
