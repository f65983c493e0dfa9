"""Twenty custom segments of the kinds admins write: fields, metrics, lifecycle, RFM groups, inSegment and
aggregates with filters. Issue 11 measures ingest with them in place (every write evaluates them for its
customers); bench/segments measures what they cost a batch. create() and delete() go through the API
with a callable that sends one GraphQL request as an admin and returns its data."""

RULES = [
    "country = 'NL' and totalSpend > 500", "country in ('DE', 'AT') and lifecycle = 'LOYAL'",
    "rfm.group in ('CHAMPION', 'LOYAL_CUSTOMER') and marketingConsent = true", "age between 25 and 34",
    "inSegment('DISCOUNT_DRIVEN') and not inSegment('LOYAL')", "device = 'MOBILE_APP' and ordersInWindow >= 2",
    "averageOrderValue > 120", "daysSinceLastOrder between 60 and 120", "attributes.tier = 'gold'",
    "kind = 'BUSINESS' and spendInWindow > 5000", "city = 'Amsterdam'", "topCategory = 'shoes'",
    "orders(in last 30 days) >= 1", "spend(in last 180 days, category = 'shoes') > 200",
    "visits(in last 7 days, addedToCart = true) >= 1 and orders(in last 7 days) = 0",
    "units(in last 365 days) >= 20", "orders(in last 90 days, device in ('MOBILE_APP', 'MOBILE_WEB')) >= 2",
    "email ends with '@example.com' and registered = true", "gender = 'FEMALE' and totalSpend > 1000",
    "lifecycle in ('LAPSED', 'LOST') and totalSpend > 800"]


def create(call, prefix, count=len(RULES)):
    """Creates the first count rules as segments prefix-1 .. prefix-count; returns their keys."""
    keys = []
    try:
        for i, rule in enumerate(RULES[:count]):
            key = f"{prefix}-{i + 1}"
            call("mutation($s: SegmentInput!) { createSegment(segment: $s) { key } }",
                 {"s": {"key": key, "name": key, "ruleText": rule}})
            keys.append(key)
    except BaseException:
        delete(call, keys)
        raise
    return keys


def delete(call, keys):
    """Deletes them, last first (none names another custom segment, but the order costs nothing)."""
    for key in reversed(keys):
        call("mutation($k: String!) { deleteSegment(key: $k) }", {"k": key})
