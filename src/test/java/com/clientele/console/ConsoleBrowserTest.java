package com.clientele.console;

import com.clientele.Tokens;
import com.clientele.console.Browser.Viewport;
import com.clientele.security.Roles;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.clientele.GraphQLClient.graphql;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console (/console/) in a real browser against the test instance: rules built by clicking and counted
 * as previewSegment counts them, rule errors at their column, saving, explanations, the live feed, what the
 * marketing and storefront roles get, and a screenshot of every page at desktop and phone width.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {

    @TestHTTPResource("/console/")
    URL console;

    private ConsoleShop shop;
    private Browser browser;

    /** Once per class, but before the first test rather than in @BeforeAll: RestAssured knows the port by then. */
    @BeforeEach
    void startOnce() {
        if (shop == null) {
            shop = ConsoleShop.create();
            browser = Browser.start(console);
        }
        browser.forgetConsoleMessages();
        browser.viewport(Viewport.DESKTOP);
    }

    /** No page may throw a script error or trip the Content-Security-Policy (ConsoleRoutes sends it). */
    @AfterEach
    void noPageFaults() {
        assertEquals(List.of(), browser.pageFaults(), "script errors or CSP violations in the browser's console");
    }

    /** A failed test leaves a screenshot and prints the page's text and the browser's console. */
    @RegisterExtension
    final TestWatcher failures = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser != null) {
                System.err.println("Console test " + context.getDisplayName() + " failed; the browser showed:\n"
                        + browser.failureReport(context.getRequiredTestMethod().getName()));
            }
        }
    };

    @AfterAll
    void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (shop != null) {
                RestAssured.port = console.getPort(); // reset between tests; the service still runs
                shop.removeSegments();
            }
        }
    }

    @Test
    void aRuleBuiltByClickingCountsWhatPreviewSegmentCounts() {
        browser.signIn(Tokens.of(Roles.ADMIN));
        browser.open("/builder");
        // condition 1 is there from the start: this shop's customers
        condition(1, "externalId", "STARTS_WITH", shop.prefix);
        // condition 2: Dutch
        browser.find(By.cssSelector("#rule-tree fieldset.root > .group-actions .add-condition")).click();
        condition(2, "country", "EQ", "NL");
        // condition 3: two orders in the last 60 days
        browser.find(By.cssSelector("#rule-tree fieldset.root > .group-actions .add-condition")).click();
        browser.select(conditionElement(3).findElement(By.cssSelector(".field-select")), "orders(...)");
        browser.paste(By.cssSelector(nth(3) + " .filter-days"), "60");
        browser.select(conditionElement(3).findElement(By.cssSelector(".operator-select")), "GE");
        browser.paste(By.cssSelector(nth(3) + " .value-input"), "2");

        String expected = shop.regularsRule;
        browser.waitFor(d -> expected.equals(browser.find(By.id("rule-text")).getDomProperty("value")));
        WebElement preview = browser.waitFor(d -> {
            WebElement p = d.findElement(By.id("preview"));
            return expected.equals(p.getDomAttribute("data-rule")) && p.getDomAttribute("aria-busy") == null ? p : null;
        });
        int shown = Integer.parseInt(preview.findElement(By.id("preview-count")).getDomAttribute("data-count"));
        int counted = graphql("query($t: String) { previewSegment(ruleText: $t, sample: 0) { count } }", Map.of("t", expected))
                .body("errors", nullValue()).extract().path("data.previewSegment.count");
        assertEquals(counted, shown, "the console's count is previewSegment's");
        assertEquals(3, shown, "ann, bram and gijs: Dutch, two orders in 60 days");
        List<String> sample = browser.all(By.cssSelector("#preview-sample li a")).stream().map(WebElement::getText).toList();
        assertEquals(List.of(shop.id("ann"), shop.id("bram"), shop.id("gijs")), sample);

        // saved as built (the typed form), it selects what the count said
        String key = shop.prefix + "-clicked";
        browser.paste(By.id("segment-name"), "Clicked together");
        browser.paste(By.id("segment-key"), key);
        browser.find(By.id("save-button")).click();
        shop.remember(key);
        browser.waitFor(d -> browser.hash().equals("#/segments/" + key));
        assertEquals(expected, browser.visible(By.id("segment-rule")).getText());
        browser.waitFor(d -> "3".equals(d.findElement(By.id("segment-size")).getDomAttribute("data-size")));
    }

    /** Chooses field, operator and value of condition {@code n} of the root group by clicking and typing. */
    private void condition(int n, String field, String operator, String value) {
        browser.select(conditionElement(n).findElement(By.cssSelector(".field-select")), field);
        browser.select(conditionElement(n).findElement(By.cssSelector(".operator-select")), operator);
        browser.paste(By.cssSelector(nth(n) + " .value-input"), value);
    }

    private static String nth(int n) {
        return "#rule-tree fieldset.root > .rule-children > li:nth-child(" + n + ") > .rule-condition";
    }

    private WebElement conditionElement(int n) {
        return browser.find(By.cssSelector(nth(n)));
    }

    @Test
    void aRuleReadFromItsTextCanBeChangedByClicking() {
        browser.signIn(Tokens.of(Roles.MARKETING));
        browser.open("/builder");
        String text = "externalId starts with '" + shop.prefix + "' and (orders(in last 90 days, category = 'shoes') >= 1"
                + " or not inSegment('NEW')) and country in ('BE', 'NL')";
        browser.paste(By.id("rule-text"), text);
        // read back into the conditions: three in the root, the middle one a group of two
        WebElement group = browser.visible(By.cssSelector("#rule-tree fieldset.nested"));
        assertEquals("or", new Select(group.findElement(By.cssSelector(".group-op"))).getFirstSelectedOption().getDomAttribute("value"));
        assertEquals(3, browser.all(By.cssSelector("#rule-tree fieldset.root > .rule-children > li")).size());
        WebElement segmentCondition = group.findElement(By.cssSelector(".segment-select")).findElement(By.xpath("ancestor::div[contains(@class,'rule-condition')]"));
        assertEquals("NEW", segmentCondition.findElement(By.cssSelector(".segment-select")).getDomProperty("value"));
        assertTrue(segmentCondition.findElement(By.cssSelector(".condition-not")).isSelected());
        assertEquals("shoes", group.findElement(By.cssSelector(".more-filters input[type='text']")).getDomProperty("value"));
        assertEquals(List.of("BE", "NL"), browser.all(By.cssSelector(nth(3) + " .value-input")).stream()
                .map(input -> input.getDomProperty("value")).toList());

        // one click: not the whole group
        group.findElement(By.cssSelector(".group-not")).click();
        String expected = "externalId starts with '" + shop.prefix + "' and not (orders(in last 90 days, category = 'shoes') >= 1"
                + " or not inSegment('NEW')) and country in ('BE', 'NL')";
        browser.waitFor(d -> expected.equals(d.findElement(By.id("rule-text")).getDomProperty("value")));
        WebElement preview = browser.waitFor(d -> {
            WebElement p = d.findElement(By.id("preview"));
            return expected.equals(p.getDomAttribute("data-rule")) && p.getDomAttribute("aria-busy") == null ? p : null;
        });
        int counted = graphql("query($t: String) { previewSegment(ruleText: $t, sample: 0) { count } }", Map.of("t", expected))
                .body("errors", nullValue()).extract().path("data.previewSegment.count");
        assertEquals(String.valueOf(counted), preview.findElement(By.id("preview-count")).getDomAttribute("data-count"));
        assertEquals(2, counted, "bram and eva: new, and no shoes in the last 90 days");
    }

    @Test
    void aBrokenRuleShowsItsErrorAtItsColumn() {
        browser.signIn(Tokens.of(Roles.MARKETING));
        browser.open("/builder");
        String broken = "totalSpend > 100 and orders(in last 30 dayz) >= 1";
        browser.paste(By.id("rule-text"), broken);
        WebElement column = browser.visible(By.id("rule-error-column"));
        int apiColumn = graphql("query($t: String!) { parseRule(text: $t) { text } }", Map.of("t", broken))
                .extract().path("errors[0].extensions.column");
        assertEquals(String.valueOf(apiColumn), column.getDomAttribute("data-column"));
        assertEquals("column " + apiColumn, column.getText());
        String caret = browser.find(By.id("rule-error-caret")).getText();
        assertEquals(apiColumn - 1, caret.indexOf('^'), "the caret stands under column " + apiColumn + ": [" + caret + "]");
        assertEquals(broken, browser.find(By.cssSelector("#rule-error .caret-source")).getText());
        assertEquals("true", browser.find(By.id("rule-text")).getDomAttribute("aria-invalid"));
        assertTrue(browser.find(By.id("rule-error")).getText().contains("expected"), "the message says what was expected");
    }

    @Test
    void anAdminSavesARuleAndFindsItInTheOverview() {
        browser.signIn(Tokens.of(Roles.ADMIN));
        browser.open("/builder");
        String rule = "externalId starts with '" + shop.prefix + "' and totalSpend > 150";
        browser.paste(By.id("rule-text"), rule);
        // the text is read back into the conditions
        browser.waitFor(d -> d.findElements(By.cssSelector("#rule-tree .rule-condition")).size() == 2);
        String key = shop.prefix + "-spent-150";
        browser.paste(By.id("segment-name"), "Spent over 150");
        browser.paste(By.id("segment-key"), key);
        browser.paste(By.id("segment-description"), "This shop's customers who spent more than 150 in all");
        browser.find(By.id("save-button")).click();
        shop.remember(key);
        browser.waitFor(d -> browser.hash().equals("#/segments/" + key));
        browser.waitFor(d -> "Spent over 150".equals(d.findElement(By.cssSelector("main h1")).getText()));
        int size = graphql("query($k: String!) { segment(key: $k) { size } }", Map.of("k", key))
                .body("errors", nullValue()).extract().path("data.segment.size");
        assertEquals(3, size, "ann, chloé and gijs spent more than 150");

        browser.open("/");
        WebElement row = browser.visible(By.cssSelector("section[data-family='CUSTOM'] tr[data-key='" + key + "']"));
        assertEquals(String.valueOf(size), row.findElement(By.cssSelector("td.size")).getDomAttribute("data-size"));
        assertEquals("Spent over 150", row.findElement(By.cssSelector("th a")).getText());
    }

    @Test
    void aCustomerPageExplainsASegmentConditionByCondition() {
        browser.signIn(Tokens.of(Roles.MARKETING));
        String ann = shop.id("ann");
        browser.paste(By.id("customer-search-input"), ann);
        browser.find(By.cssSelector("#customer-search button")).click();
        browser.waitFor(d -> browser.hash().equals("#/customers/" + ann));
        browser.select(browser.visible(By.id("explain-segment")), shop.regularsKey);
        browser.waitFor(d -> shop.regularsKey.equals(d.findElement(By.id("explanation")).findElements(By.cssSelector("[data-key]"))
                .stream().findFirst().map(e -> e.getDomAttribute("data-key")).orElse(null)));

        List<Map<String, Object>> nodes = graphql("""
                query($c: String!, $k: String) { explainSegment(customerExternalId: $c, key: $k) {
                  matched nodes { id parentId kind text matched value } } }""", Map.of("c", ann, "k", shop.regularsKey))
                .body("errors", nullValue()).extract().path("data.explainSegment.nodes");
        List<WebElement> shown = browser.all(By.cssSelector("#explain-tree li.explain-node"));
        assertEquals(nodes.size(), shown.size(), "one line per node of the rule");
        for (Map<String, Object> node : nodes) {
            WebElement line = browser.find(By.cssSelector("#explain-tree li[data-node-id='" + node.get("id") + "']"));
            assertEquals(String.valueOf(node.get("matched")), line.getDomAttribute("data-matched"));
            String text = line.findElement(By.cssSelector(".explain-line")).getText();
            if ("CONDITION".equals(node.get("kind"))) {
                assertTrue(text.contains((String) node.get("text")), text);
                assertTrue(text.contains(String.valueOf(node.get("value"))), "the customer's value: " + text);
            }
            // ✓/✗ also in words for screen readers
            String words = line.findElement(By.cssSelector(".mark .visually-hidden")).getDomProperty("textContent");
            assertEquals(Boolean.TRUE.equals(node.get("matched")) ? "holds: " : "does not hold: ", words);
        }
        assertEquals(4, nodes.size(), "an and of three conditions");
        assertEquals("true", browser.find(By.cssSelector("#explanation [data-matched]")).getDomAttribute("data-matched"));
    }

    @Test
    void aPurchaseShowsUpLiveOnTheSegmentPage() throws Exception {
        String key = shop.prefix + "-live-big";
        shop.createSegment(key, "Live big spenders", null,
                "externalId starts with '" + shop.prefix + "-live' and totalSpend > 1000");
        double openBefore = subscriptionsOpen();
        browser.signIn(Tokens.of(Roles.MARKETING));
        browser.open("/segments/" + key);
        browser.waitFor(d -> "live".equals(d.findElement(By.id("live-status")).getDomAttribute("data-state")));
        assertEquals("0", browser.find(By.id("segment-size")).getDomAttribute("data-size"));

        String ivy = shop.id("live-ivy");
        ConsoleShop.upsertCustomerAsIngest(ivy, "Ivy Smit", "NL");
        ConsoleShop.recordPurchaseAsIngest(shop.id("live-order"), ivy, "electronics", "1499.00");

        WebElement change = browser.visible(By.cssSelector("#changes li[data-customer='" + ivy + "']"));
        assertEquals("true", change.getDomAttribute("data-entered"));
        assertTrue(change.getDomProperty("textContent").startsWith("Entered"), change.getText());
        browser.waitFor(d -> "1".equals(d.findElement(By.id("segment-size")).getDomAttribute("data-size")));
        assertTrue(subscriptionsOpen() >= openBefore + 1, "the page follows the segment over a WebSocket");

        // the CSV export downloads the members (token in the header, never in the URL)
        browser.find(By.id("export-consent")).click(); // everyone, not only those who consented
        browser.find(By.id("export-button")).click();
        Path file = browser.downloads().resolve(key + "-members.csv");
        browser.waitFor(d -> Files.exists(file));
        List<String> lines = Files.readAllLines(file);
        assertEquals("externalId,email,name,country,marketingConsent,since,detail", lines.get(0));
        assertTrue(lines.get(1).startsWith(ivy + ","), lines.toString());

        // leaving the page closes the socket
        browser.open("/");
        browser.waitFor(d -> subscriptionsOpen() <= openBefore);
    }

    private static double subscriptionsOpen() {
        String metrics = RestAssured.get("/q/metrics").asString();
        Matcher open = Pattern.compile("(?m)^clientele_feed_subscriptions ([0-9.]+)$").matcher(metrics);
        return open.find() ? Double.parseDouble(open.group(1)) : 0;
    }

    @Test
    void anAdminDeletesACustomSegmentAfterConfirming() {
        String key = shop.prefix + "-to-delete";
        shop.createSegment(key, "To delete", null, "externalId starts with '" + shop.prefix + "' and country = 'DE'");
        browser.signIn(Tokens.of(Roles.ADMIN));
        browser.open("/segments/" + key);
        browser.visible(By.id("delete-segment")).click();
        WebElement confirm = browser.visible(By.id("confirm-delete-button"));
        assertEquals(confirm, browser.driver().switchTo().activeElement(), "the confirmation takes the focus");
        confirm.click();
        browser.waitFor(d -> browser.hash().equals("#/"));
        assertNull(graphql("query($k: String!) { segment(key: $k) { key } }", Map.of("k", key)).extract().path("data.segment"));
    }

    @Test
    void keyboardUsersSkipToTheContent() {
        browser.signIn(Tokens.of(Roles.MARKETING));
        browser.open("/playbook");
        browser.driver().navigate().refresh(); // a fresh load: nothing has the focus
        browser.visible(By.cssSelector(".advice"));
        new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
        WebElement skip = browser.driver().switchTo().activeElement();
        assertEquals("skip-link", skip.getDomAttribute("id"), "the skip link comes first");
        assertTrue(skip.isDisplayed());
        skip.sendKeys(Keys.ENTER);
        assertEquals("Playbook", browser.driver().switchTo().activeElement().getText());
        assertEquals("#/playbook", browser.hash(), "the route stays");
    }

    @Test
    void aMarketingTokenCannotSave() {
        browser.signIn(Tokens.of(Roles.MARKETING));
        browser.open("/builder");
        WebElement save = browser.visible(By.id("save-button"));
        assertFalse(save.isEnabled(), "Save is disabled for marketing");
        WebElement explanation = browser.visible(By.id("save-explanation"));
        assertTrue(explanation.getText().contains("Saving needs the admin role"), explanation.getText());
        assertEquals("save-explanation", save.getDomAttribute("aria-describedby"));

        // forced: the service refuses, and the console says so
        String key = shop.prefix + "-forced";
        browser.paste(By.id("rule-text"), "totalSpend > 10");
        browser.paste(By.id("segment-name"), "Forced");
        browser.paste(By.id("segment-key"), key);
        browser.script("document.getElementById('save-button').disabled = false;");
        browser.find(By.id("save-button")).click();
        WebElement refused = browser.visible(By.id("save-forbidden"));
        assertTrue(refused.getText().contains("admin role"), refused.getText());
        assertNull(graphql("query($k: String!) { segment(key: $k) { key } }", Map.of("k", key)).extract().path("data.segment"));

        // nor delete: the segment page offers editing, not deleting
        browser.open("/segments/" + shop.regularsKey);
        browser.visible(By.cssSelector(".segment-actions a"));
        assertTrue(browser.all(By.id("delete-segment")).isEmpty());
    }

    @Test
    void tokensWithoutAConsoleRoleSeeNothing() {
        for (String role : List.of(Roles.STOREFRONT, Roles.INGEST)) {
            browser.signOut();
            browser.paste(By.id("token-input"), Tokens.of(role));
            browser.find(By.id("sign-in-button")).click();
            WebElement refused = browser.visible(By.id("no-access"));
            assertTrue(refused.getText().contains("no access to the console"), refused.getText());
            assertTrue(refused.getText().contains(role), refused.getText());
            assertFalse(browser.find(By.id("site-nav")).isDisplayed(), "no navigation");
            assertNull(browser.script("return sessionStorage.getItem('clientele.console.token');"), "the token is not kept");
            browser.open("/segments/LOYAL");
            browser.waitFor(d -> browser.hash().equals("#/sign-in"));
            assertTrue(browser.all(By.cssSelector("main table, main .segment-summary")).isEmpty(), "no segment shown");
        }
        // a token stored anyway (another tab, an old session) shows only the refusal
        browser.script("sessionStorage.setItem('clientele.console.token', arguments[0]);", Tokens.of(Roles.STOREFRONT));
        browser.driver().navigate().refresh();
        browser.open("/");
        assertTrue(browser.visible(By.id("no-access")).getText().contains("storefront"));
        assertFalse(browser.find(By.id("site-nav")).isDisplayed());

        browser.signOut();
        browser.paste(By.id("token-input"), "not-a-token");
        browser.find(By.id("sign-in-button")).click();
        assertTrue(browser.visible(By.id("token-invalid")).getText().contains("invalid or has expired"));
    }

    /**
     * Dev mode's /console/dev-tokens answers 404 in tests, so the page's fetch of it is answered in the browser
     * instead, by a script that runs before the console's own.
     */
    @Test
    void inDevModeTheSignInPageOffersTheDevTokens() {
        String tokens = new JsonObject().put("admin", Tokens.of(Roles.ADMIN))
                .put("marketing", Tokens.of(Roles.MARKETING)).put("ingest", Tokens.of(Roles.INGEST))
                .put("storefront", Tokens.of(Roles.STOREFRONT)).encode();
        Map<String, Object> script = browser.driver().executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                const devTokens = %s;
                const realFetch = window.fetch;
                window.fetch = (url, options) => String(url).endsWith('/console/dev-tokens')
                    ? Promise.resolve(new Response(JSON.stringify(devTokens), { headers: { 'Content-Type': 'application/json' } }))
                    : realFetch(url, options);""".formatted(tokens)));
        try {
            browser.signOut();
            List<String> offered = browser.visible(By.id("dev-tokens")).findElements(By.tagName("button")).stream()
                    .map(WebElement::getText).toList();
            assertEquals(List.of("Use the dev admin token", "Use the dev marketing token", "Use the dev ingest token",
                    "Use the dev storefront token"), offered);
            browser.find(By.cssSelector("#dev-tokens button[data-role='storefront']")).click();
            browser.visible(By.id("no-access"));
            browser.find(By.cssSelector("#dev-tokens button[data-role='marketing']")).click();
            browser.waitFor(d -> browser.hash().equals("#/"));
            assertEquals("Role: marketing", browser.visible(By.id("role-badge")).getText());
        } finally {
            browser.driver().executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", script.get("identifier")));
        }
    }

    @Test
    void screenshotsOfEveryPage() {
        try {
            shootEveryPage();
        } finally {
            browser.viewport(Viewport.DESKTOP);
        }
    }

    /** target/console-screenshots/PAGE-desktop.png and PAGE-phone.png, with the shop's data in them. */
    private void shootEveryPage() {
        browser.signOut();
        shoot("sign-in", () -> browser.visible(By.id("token-input")));
        browser.signIn(Tokens.of(Roles.ADMIN));
        shoot("overview", () -> browser.visible(By.cssSelector("section[data-family='CUSTOM']")));
        // on a phone the navigation folds behind the Menu button
        browser.viewport(Viewport.PHONE);
        assertFalse(browser.find(By.id("site-nav")).isDisplayed());
        WebElement menu = browser.visible(By.id("menu-button"));
        menu.click();
        browser.visible(By.id("customer-search-input"));
        assertEquals("true", menu.getDomAttribute("aria-expanded"));
        browser.screenshot("menu", Viewport.PHONE);
        browser.viewport(Viewport.DESKTOP);
        browser.open("/builder/" + shop.regularsKey);
        shoot("builder", () -> browser.visible(By.id("preview-count")));
        browser.open("/segments/" + shop.regularsKey);
        shoot("segment", () -> browser.waitFor(d -> "live".equals(d.findElement(By.id("live-status")).getDomAttribute("data-state"))));
        browser.open("/customers/" + shop.id("ann"));
        shoot("customer", () -> browser.visible(By.id("explain-tree")));
        browser.open("/playbook");
        shoot("playbook", () -> browser.visible(By.cssSelector(".advice")));
        for (String page : List.of("sign-in", "overview", "builder", "segment", "customer", "playbook")) {
            for (Viewport viewport : Viewport.values()) {
                assertTrue(Files.exists(Browser.SCREENSHOTS.resolve(page + "-" + viewport.label + ".png")), page);
            }
        }
    }

    private void shoot(String page, Runnable ready) {
        for (Viewport viewport : Viewport.values()) {
            browser.viewport(viewport);
            ready.run();
            browser.settled();
            browser.screenshot(page, viewport);
        }
    }
}
