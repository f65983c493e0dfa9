package com.clientele.segment.playbook;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Map.entry;

/**
 * The playbook: for every built-in segment, what it means and what to do with it. It follows the customer
 * types of e-commerce retention practice: the lifecycle stages, the RFM groups (recency, frequency, monetary)
 * and the behaviours the catalogue detects. It is product text, shipped with the code that defines the
 * segments: a built-in without an entry fails PlaybookTest. Custom segments have none.
 */
public final class Playbook {

    private static final Map<String, SegmentAdvice> ADVICE = Map.ofEntries(
            // lifecycle
            entry("PROSPECT", advice(
                    "Known to the shop, by a sign-up or a visit, but has not bought yet.",
                    "A first order.",
                    "A welcome series that introduces the range and the reasons to buy here",
                    "A first-order incentive with an end date, such as free shipping",
                    "Social proof: best sellers and reviews in their browsed categories",
                    "Share of prospects who place a first order within 30 days.")),
            entry("NEW", advice(
                    "Placed their first order recently.",
                    "A second order: the step that most predicts a customer who stays.",
                    "An onboarding series: order updates, how to get the most out of the product",
                    "Ask for a review once the order has arrived",
                    "Recommend items that go with the first purchase, timed to the usual reorder gap",
                    "Second-order rate within 60 to 90 days of the first.")),
            entry("ONE_TIME", advice(
                    "Bought once, some time ago, and has not come back.",
                    "A second order before they forget the shop.",
                    "A 'we thought you'd like' message built on the first purchase",
                    "A modest, time-limited incentive for a second order",
                    "Ask what kept them away: one question, one click",
                    "Second-order rate, and the margin it cost.")),
            entry("OCCASIONAL", advice(
                    "Buys now and then, without a rhythm.",
                    "More frequent orders.",
                    "Seasonal and event reminders around the times they bought before",
                    "Replenishment reminders for consumables they bought",
                    "Invite them to the loyalty programme",
                    "Orders per customer per year.")),
            entry("REGULAR", advice(
                    "Orders several times a year.",
                    "Keep the rhythm and grow the basket.",
                    "Cross-sell categories they have not bought yet",
                    "Bundles and volume offers on what they reorder",
                    "Loyalty points or tiers that reward the next order",
                    "Average order value, and how many become LOYAL.")),
            entry("LOYAL", advice(
                    "Orders often and steadily, quarter after quarter: the shop's base.",
                    "Keep them, and make them advocates.",
                    "Recognition rather than discounts: early access, members-only products, a thank-you",
                    "A referral programme with rewards for both sides",
                    "Ask for reviews and user content",
                    "Retention of this segment, and referrals per customer.")),
            entry("LAPSED", advice(
                    "Used to buy, but not for a while: past the usual gap, not yet lost.",
                    "Win them back before they are lost.",
                    "A win-back series: what's new since their last order, then an offer",
                    "A personal incentive that ends soon",
                    "Remind them of what they liked: their categories' new arrivals",
                    "Reactivation rate within 30 days of the first message.")),
            entry("LOST", advice(
                    "Has not ordered for a long time.",
                    "Win back the few who will return, cheaply; stop spending on the rest.",
                    "One last win-back offer with a clear deadline",
                    "Then mail them less often, or suppress them, to protect deliverability",
                    "Reach them on paid channels instead, as a lookalike or an exclusion audience",
                    "Reactivation rate against the cost per reactivated customer.")),
            // RFM
            entry("CHAMPION", advice(
                    "Bought recently, buy often and spend the most.",
                    "Keep them delighted; they are the best source of new customers.",
                    "Early access to launches and sales",
                    "Exclusive perks and a personal thank-you, not discounts they don't need",
                    "Invite them to refer friends and to review",
                    "Their retention and the revenue they bring.")),
            entry("LOYAL_CUSTOMER", advice(
                    "Buy regularly and spend well.",
                    "Move them up to CHAMPION.",
                    "Upsell higher-value products and premium lines",
                    "Loyalty tiers with a visible next step",
                    "Ask for reviews",
                    "Average order value and the share who become CHAMPION.")),
            entry("POTENTIAL_LOYALIST", advice(
                    "Recent customers with an average number of orders.",
                    "Turn them into loyal customers.",
                    "Membership or loyalty programme sign-up",
                    "Recommendations from their purchase history",
                    "A reason for the next order soon: a limited offer, a replenishment reminder",
                    "Order frequency over the next 90 days.")),
            entry("RECENT", advice(
                    "Bought very recently, rarely before.",
                    "Build the relationship after a first good experience.",
                    "A strong onboarding: delivery, care instructions, support",
                    "Content that shows the rest of the range",
                    "A light incentive for the second order",
                    "Second-order rate.")),
            entry("PROMISING", advice(
                    "Recent buyers who have not bought often yet.",
                    "More orders, while the shop is still on their mind.",
                    "Brand story and social proof",
                    "Free shipping or a small gift above a threshold",
                    "Recommendations close to what they bought",
                    "Orders per customer over the next 60 days.")),
            entry("NEEDS_ATTENTION", advice(
                    "Average recency, frequency and spend: drifting.",
                    "Re-engage them before they slip.",
                    "Limited-time offers based on their past purchases",
                    "Ask for feedback",
                    "Bring back what they browsed recently",
                    "The share who move to a better group rather than ABOUT_TO_SLEEP.")),
            entry("ABOUT_TO_SLEEP", advice(
                    "Below-average recency and frequency: going quiet.",
                    "Reactivate them before they are gone.",
                    "Popular products and new arrivals in their categories",
                    "A discount with a deadline",
                    "Try another channel than the one they ignore",
                    "Reactivation rate.")),
            entry("AT_RISK", advice(
                    "Used to buy often and spend well, but not recently.",
                    "Win back valuable customers before they are lost.",
                    "A personal win-back: what's new, and a strong offer",
                    "Ask what went wrong, and act on it",
                    "Remind them of loyalty points or status they would lose",
                    "Reactivation rate, and their revenue recovered.")),
            entry("CANNOT_LOSE", advice(
                    "Made the biggest purchases, but long ago.",
                    "Bring back the customers who were worth the most.",
                    "A personal message, by phone or from a real person where it pays",
                    "The strongest win-back offer, or a new product they would want",
                    "Find out why they left",
                    "Reactivation of this group, one by one.")),
            entry("HIBERNATING", advice(
                    "Last bought long ago, seldom and for little.",
                    "Reactivate cheaply, or let go.",
                    "Offer other relevant products and special discounts",
                    "Include them in big seasonal campaigns only",
                    "Suppress the unresponsive ones to protect deliverability",
                    "Reactivation rate against the cost of contact.")),
            entry("LOST_CAUSE", advice(
                    "Lowest recency, frequency and spend.",
                    "Spend as little as possible on them.",
                    "One reactivation campaign, then stop",
                    "Exclude them from paid retargeting",
                    "Use them as an exclusion audience for acquisition",
                    "Cost saved by not contacting them.")),
            // behaviour
            entry("RECENT_BUYER", advice(
                    "Ordered within the last few days.",
                    "A good experience, and no wasted promotions.",
                    "Post-purchase messages: delivery, how-to, review request",
                    "Leave them out of acquisition and discount campaigns for a while",
                    "Cross-sell what goes with the order once it has arrived",
                    "Review rate and repeat rate.")),
            entry("BIG_SPENDER", advice(
                    "Placed a large order recently: among the biggest baskets of the shop.",
                    "Keep high-value buyers and raise their lifetime value.",
                    "Premium service: free express shipping, priority support",
                    "Present premium and new lines first",
                    "Avoid deep discounts: they buy without them",
                    "Their repeat rate and revenue per customer.")),
            entry("WHOLESALE", advice(
                    "Businesses, or customers who repeatedly buy in bulk.",
                    "Serve the bulk demand well, and make it recurring.",
                    "Volume pricing or a trade account",
                    "Reorder reminders and easy reordering",
                    "A named contact for larger accounts",
                    "Reorder rate and units per order.")),
            entry("DISCOUNT_DRIVEN", advice(
                    "Most of their orders use a discount, a coupon or a promotion.",
                    "Keep them buying while protecting margin.",
                    "Put them first on sale and clearance announcements",
                    "Offer bundles and thresholds instead of plain percentage discounts",
                    "Leave them out of full-price launches with codes",
                    "Margin per order, and the share of orders at full price.")),
            entry("IMPULSIVE", advice(
                    "Often order within minutes of arriving, on visits not planned around an order.",
                    "Make the quick decision easy.",
                    "Flash sales and limited stock messages",
                    "Short checkout, saved payment details, one-click reorder",
                    "Recommendations at the point of purchase",
                    "Conversion rate per visit.")),
            entry("CATEGORY_FOCUSED", advice(
                    "Spend mostly in one category (the membership's detail names it).",
                    "Deepen the category, then widen it.",
                    "New arrivals and exclusives in their category",
                    "Bundles within the category",
                    "Carefully chosen cross-sell into neighbouring categories",
                    "Spend in the category, and the number of categories bought.")),
            entry("IRREGULAR", advice(
                    "Order at uneven intervals.",
                    "Be there when they are ready to buy.",
                    "Triggered messages on their browsing instead of a fixed schedule",
                    "Reminders tied to their occasions: seasons, events",
                    "Keep the shop in view with low-frequency content",
                    "Orders per customer, and the gap between orders.")),
            entry("PRICE_COMPARER", advice(
                    "Visit several times before each order: they research and compare.",
                    "Win the comparison.",
                    "Price-match or a price guarantee, shown where they compare",
                    "Price-drop and back-in-stock alerts on what they viewed",
                    "Reviews, comparisons and specifications on the product page",
                    "Conversion rate after research visits.")),
            entry("MOBILE_SHOPPER", advice(
                    "Order, or browse, mostly from a phone.",
                    "A smooth mobile experience.",
                    "Push notifications and SMS rather than long emails",
                    "Mobile wallets and a short checkout",
                    "Promote the app, if there is one",
                    "Mobile conversion rate.")),
            entry("SOCIAL_SHOPPER", advice(
                    "Came from social media, or order from social links.",
                    "Turn social reach into repeat orders.",
                    "User content and influencer collections",
                    "Shoppable posts and social-only offers",
                    "Ask them to share their purchase",
                    "Repeat orders from social, and referrals.")),
            entry("ACTIVE_BROWSER", advice(
                    "Visited several times lately without ever ordering.",
                    "A first order.",
                    "Browse-abandonment messages with the products they viewed",
                    "Help to choose: guides, chat, reviews",
                    "A first-order incentive",
                    "Share of active browsers who order within 30 days.")),
            entry("CART_ABANDONER", advice(
                    "Added to the cart recently but have not ordered since.",
                    "Finish the order.",
                    "A cart reminder within hours, then a second one a day later",
                    "Answer what stops them: shipping costs, returns, payment options",
                    "An incentive only in the last reminder, to keep them from waiting for one",
                    "Recovered carts and the revenue they bring.")),
            entry("BUSINESS", advice(
                    "Buy for a business.",
                    "Make the shop the easy supplier.",
                    "Invoicing, tax details and trade terms",
                    "Volume pricing and reorder lists",
                    "A named contact for larger accounts",
                    "Orders per account per quarter.")),
            entry("GUEST", advice(
                    "Order or browse without an account.",
                    "Turn them into account holders.",
                    "Offer an account after checkout, with the order already in it",
                    "Show what an account gives: order tracking, faster checkout, points",
                    "Ask for marketing consent where they have not given it",
                    "Share of guests who create an account.")));

    private Playbook() {
    }

    /** The advice for a built-in segment; empty for custom segments (and for a key nobody knows). */
    public static Optional<SegmentAdvice> advice(String segmentKey) {
        return Optional.ofNullable(ADVICE.get(segmentKey));
    }

    private static SegmentAdvice advice(String meaning, String goal, String first, String second, String third,
                                        String measure) {
        return new SegmentAdvice(meaning, goal, List.of(first, second, third), measure);
    }
}
