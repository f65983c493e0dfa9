package com.clientele.rule;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The text form of RULES.md: every production, precedence, case rules, canonical printing, and the
 * column of errors in broken rules, each column counted by hand.
 */
class RuleParserTest {

    static final RuleFields FIELDS = new RuleFields(List.of("PROSPECT", "NEW", "LOST", "LAPSED", "ONE_TIME", "LOYAL",
            "REGULAR", "OCCASIONAL"), List.of("CHAMPION", "AT_RISK", "LOST_CAUSE"));
    static final Set<String> SEGMENTS = Set.of("DISCOUNT_DRIVEN", "LOYAL", "BIG_SPENDER", "dutch-vips");
    static final RuleParser PARSER = new RuleParser(FIELDS, SEGMENTS::contains, RuleLimits.DEFAULT);

    static Rule parse(String text) throws RuleException {
        return PARSER.parse(text);
    }

    private static String canonical(String text) throws RuleException {
        return RulePrinter.print(parse(text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            // the examples of RULES.md, already canonical
            "country in ('BE', 'NL') and totalSpend > 500 and daysSinceLastOrder <= 90",
            "inSegment('DISCOUNT_DRIVEN') and not inSegment('LOYAL')",
            "age between 25 and 34 and device = 'MOBILE_APP' and orders(in last 30 days) >= 1",
            "spend(in last 180 days, category = 'shoes') > 200 or email ends with '@example.nl' and registered = true",
            // every condition form
            "topCategory contains '50%_off'",
            "name starts with 'O''Brien'",
            "attributes.tier is set",
            "attributes.loyalty-tier.level is not set",
            "rfm.group not in ('AT_RISK', 'LOST_CAUSE')",
            "lastOrderAt >= '2026-11-01T10:15:00Z' and birthDate < '2000-01-01'",
            "visits(in last 7 days, device in ('MOBILE_APP', 'MOBILE_WEB'), source = 'SOCIAL', addedToCart = true) >= 2",
            "units(sku in ('a', 'b'), discounted = false) = 0",
            "orders() != 3",
            "totalSpend between -1.5 and 10",
            "not not registered = true",
            "not (kind = 'BUSINESS' or lifecycle = 'LOYAL')",
            "(orderCount > 1 or age < 30) and marketingConsent = true",
    })
    void canonicalTextReadsBackAsItself(String text) throws RuleException {
        assertEquals(text, canonical(text));
        assertEquals(parse(text), parse(canonical(text)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            // keywords and aggregate names in any case; spacing and newlines free
            "totalSpend>500   AND\t age<=30 | totalSpend > 500 and age <= 30",
            "InSegment('LOYAL') OR NOT registered = TRUE | inSegment('LOYAL') or not registered = true",
            "ORDERS( IN LAST 30 DAYS ,CATEGORY = 'x' ) > 1 | orders(in last 30 days, category = 'x') > 1",
            "orders(category = 'x', in last 30 days) > 1 | orders(in last 30 days, category = 'x') > 1",
            "spend(category in ('x')) > 1 | spend(category = 'x') > 1",
            "country in ('NL', 'BE', 'NL') | country in ('BE', 'NL')",
            // numbers equal by value, printed without trailing zeros or sign of zero
            "totalSpend > 1.50 | totalSpend > 1.5",
            "totalSpend > -0 | totalSpend > 0",
            "totalSpend > 007 | totalSpend > 7",
            "totalSpend > 10.000 | totalSpend > 10",
            // parentheses only where precedence needs them; and/or flattened
            "((totalSpend > 1)) | totalSpend > 1",
            "(totalSpend > 1 and age > 2) and orderCount > 3 | totalSpend > 1 and age > 2 and orderCount > 3",
            "totalSpend > 1 or (age > 2 or orderCount > 3) | totalSpend > 1 or age > 2 or orderCount > 3",
            "(totalSpend > 1 or age > 2) and orderCount > 3 | (totalSpend > 1 or age > 2) and orderCount > 3",
            "totalSpend > 1 or age > 2 and orderCount > 3 | totalSpend > 1 or age > 2 and orderCount > 3",
            "not (totalSpend > 1) | not totalSpend > 1",
    })
    void textIsReadWithItsPrecedenceAndPrintedCanonically(String text, String expected) throws RuleException {
        assertEquals(expected, canonical(text));
    }

    @Test
    void notBindsTighterThanAndAndAndTighterThanOr() throws RuleException {
        Rule a = parse("age > 1");
        Rule b = parse("age > 2");
        Rule c = parse("age > 3");
        assertEquals(new Rule.Or(List.of(a, new Rule.And(List.of(new Rule.Not(b), c)))),
                parse("age > 1 or not age > 2 and age > 3"));
    }

    @Test
    void valuesKeepTheirTypeAndExactness() throws RuleException {
        Rule.Compare compare = (Rule.Compare) parse("totalSpend > 123456789012345678901234567890.123456789");
        assertEquals(new BigDecimal("123456789012345678901234567890.123456789"), ((Value.Num) compare.value()).value());
        Rule.TextMatch match = (Rule.TextMatch) parse("name contains 'it''s ü 🏃'");
        assertEquals("it's ü 🏃", match.value());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            // text | column | start of the message
            "totalSpend >= | 14 | expected a value after '>='",
            "totalSpend > 5 and | 19 | expected not, (, inSegment, a field or an aggregate",
            "totalSpend | 11 | expected =, !=, <, <=, >, >=, between",
            "country in ('NL', 'BE' | 23 | expected )",
            "country in () | 13 | expected a value after '('",
            "name = 'open | 13 | expected ' to close the string that starts at column 8",
            "orders(in last 0 days) > 1 | 16 | the days of 'in last' lie between 1 and 36500",
            "orders(in last 7 weeks) > 1 | 18 | expected days after '7'",
            "orders(category = 'a', category = 'b') > 1 | 24 | the filter 'category' appears twice",
            "orders(colour = 'red') > 1 | 8 | expected in last, category, sku",
            "orders > 1 | 8 | expected ( after 'orders'",
            "1 = 2 | 1 | expected not, (, inSegment, a field or an aggregate",
            "age > 3 4 | 9 | expected and, or or the end of the rule",
            "(age > 3 | 9 | expected )",
            "age > 3) | 8 | expected and, or or the end of the rule",
            "totalSpend > 1e5 | 15 | a number ends with a digit",
            "totalSpend > 1. | 16 | expected a digit after '.'",
            "age ! 3 | 5 | expected '=' after '!'",
            "age # 3 | 5 | this character has no meaning in a rule",
            "age between 1 or 2 | 15 | expected and after 'between ... '",
            "inSegment(LOYAL) | 11 | expected a string after '('",
            "attributes. = 1 | 12 | expected a name after 'attributes.'",
    })
    void brokenRulesNameTheColumnAndWhatWasExpected(String text, int column, String message) {
        RuleException error = assertThrows(RuleException.class, () -> parse(text));
        assertEquals(column, error.column(), error.getMessage());
        assertTrue(error.problem().startsWith(message), error.getMessage());
        assertTrue(error.getMessage().startsWith("column " + column + ": "), error.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            // text | column | start of the message | first expected
            "totalSpnd > 5 | 1 | no field is called this; did you mean totalSpend | totalSpend",
            "TotalSpend > 5 | 1 | no field is called this; did you mean totalSpend | totalSpend",
            "totalSpend contains 'x' | 12 | 'contains' does not apply to money totalSpend | =",
            "age > 'thirty' | 7 | integer age compares with numbers | a number",
            "registered < true | 12 | '<' does not apply to boolean registered | =",
            "registered = 'yes' | 14 | boolean registered compares with true or false | true",
            "kind = 'PERSON' | 8 | enum kind takes one of CONSUMER, BUSINESS | CONSUMER",
            "lifecycle in ('VIP', 'LOYAL') | 15 | key lifecycle takes one of | PROSPECT",
            "birthDate > '1990-13-01' | 13 | a date is written '2026-11-01' | a date such as '2026-11-01'",
            "lastOrderAt > 'yesterday' | 15 | an instant is written | a date such as '2026-11-01'",
            "inSegment('NOPE') | 11 | there is no segment with this key | the key of a segment",
            "visits(category = 'x') > 1 | 1 | visits takes the filters in last, device, source and addedToCart | in last",
            "orders(addedToCart = true) > 1 | 1 | orders takes the filters in last, category | in last",
            "orders(device = 'PHONE') > 1 | 1 | takes one of MOBILE_APP | MOBILE_APP",
            "spend() between 'a' and 'b' | 17 | money spend(...) compares with numbers | a number",
    })
    void rulesThatDoNotTypeCheckNameTheColumnAndWhatWouldDo(String text, int column, String message, String expected) {
        RuleException error = assertThrows(RuleException.class, () -> parse(text));
        assertEquals(column, error.column(), error.getMessage());
        assertTrue(error.problem().startsWith(message), error.getMessage());
        assertEquals(expected, error.expected().get(0), error.getMessage());
    }

    @Test
    void attributesTakeAnyOperatorAndAnyValue() throws RuleException {
        assertEquals("attributes.tier > 'gold' and attributes.points between 1 and 5 and attributes.vip = true",
                canonical("attributes.tier > 'gold' and attributes.points between 1 and 5 and attributes.vip = true"));
    }

    @Test
    void theLimitsOfRulesAreErrorsAtTheirColumn() {
        RuleParser small = new RuleParser(FIELDS, SEGMENTS::contains, new RuleLimits(40, 3, 2));
        RuleException tooLong = assertThrows(RuleException.class, () -> small.parse("age > 1 and age > 2 and age > 3 and x > 4"));
        assertEquals(41, tooLong.column());
        RuleException tooMany = assertThrows(RuleException.class, () -> small.parse("age>1 and age>2 and age>3 or age>4"));
        assertEquals(30, tooMany.column());
        RuleException tooDeep = assertThrows(RuleException.class, () -> small.parse("not not not age > 1"));
        assertEquals(13, tooDeep.column());
    }

    @Test
    void columnsCountCharactersNotUtf16Units() {
        RuleException error = assertThrows(RuleException.class, () -> parse("name = '🏃🏃' and"));
        assertEquals(16, error.column()); // 'name = ' is 7 characters, the string 4, ' and' 4: the end is 15 + 1
    }

    @Test
    void stringsThatNoFieldCanHoldAreErrorsAtTheirColumn() {
        RuleException nul = assertThrows(RuleException.class, () -> parse("name contains 'a\u0000b'"));
        assertEquals(15, nul.column());
        RuleException surrogate = assertThrows(RuleException.class, () -> parse("age > 1 and name in ('x', '\uD83C')"));
        assertEquals(27, surrogate.column());
        RuleException inFilter = assertThrows(RuleException.class, () -> parse("orders(category = '\u0000') > 1"));
        assertTrue(inFilter.getMessage().contains("NUL"), inFilter.getMessage());
    }

    @Test
    void numbersBeyondAnyMetricAreErrorsAtTheirColumn() throws RuleException {
        RuleException tooLarge = assertThrows(RuleException.class, () -> parse("totalSpend > " + "9".repeat(31)));
        assertEquals(14, tooLarge.column());
        RuleException tooFine = assertThrows(RuleException.class, () -> parse("totalSpend > 0." + "0".repeat(20) + "1"));
        assertEquals(14, tooFine.column());
        assertEquals("totalSpend > " + "9".repeat(30), canonical("totalSpend > " + "9".repeat(30)));
    }
}
