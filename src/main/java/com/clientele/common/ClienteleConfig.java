package com.clientele.common;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * Every setting of the service, with its default. Each is also an environment variable: upper case,
 * dots and dashes as underscores ({@code clientele.limits.max-cost} is {@code CLIENTELE_LIMITS_MAX_COST}).
 * The README's settings tables list them.
 */
@ConfigMapping(prefix = "clientele")
public interface ClienteleConfig {

    Auth auth();

    Jwt jwt();

    Limits limits();

    Graphql graphql();

    Recompute recompute();

    Rules rules();

    Segments segments();

    Feed feed();

    Export export();

    EmbeddedDatabase embeddedDatabase();

    interface Auth {
        /**
         * Whether requests must carry a bearer token. {@code false} serves every request with every role,
         * for a service reachable only from trusted callers; it is logged as a warning at every start.
         */
        @WithDefault("true")
        boolean enabled();
    }

    /** How bearer tokens are verified; exactly one of {@code secret} and {@code public-key-location}. */
    interface Jwt {
        /** HS256 shared secret, at least 32 bytes. Dev and test mode make a random one when none is set. */
        Optional<String> secret();

        /** Location of a PEM public key, a JWK or a JWK set: a file path, classpath resource or https URL. */
        Optional<String> publicKeyLocation();

        /** Signature algorithm of the tokens verified with {@code public-key-location}. */
        @WithDefault("RS256")
        String publicKeyAlgorithm();

        /** The {@code iss} claim every token must carry. */
        @WithDefault("clientele")
        String issuer();
    }

    /** What one GraphQL request may ask of the service. */
    interface Limits {
        /** Each field costs 1, times the page sizes of the lists above it; fragments count as expanded. */
        @WithDefault("20000")
        int maxCost();

        /**
         * Summed cost of the requests served at once; one that would exceed it gets 503 with
         * Retry-After at once (a request alone is always served).
         */
        @WithDefault("100000")
        long maxCostInFlight();

        @WithDefault("30")
        int maxAliases();

        /** How often one field (or one fragment) may be selected in one selection set. */
        @WithDefault("100")
        int maxFieldRepetitions();

        /** Nesting of fields, fragments expanded. */
        @WithDefault("12")
        int maxDepth();

        /** Tokens of the GraphQL document (the parser refuses longer ones). */
        @WithDefault("15000")
        int maxTokens();

        /** Size of a request body. */
        @WithDefault("4M")
        MemorySize maxRequestSize();

        /** Size of a response (JSON, estimated while the response is built). */
        @WithDefault("8M")
        MemorySize maxResponseSize();

        /** Errors listed in one response; the rest are counted in {@code extensions.omittedErrors}. */
        @WithDefault("100")
        int maxErrors();

        /**
         * Time a request may take, and each SQL statement (PostgreSQL's statement_timeout). Full
         * recomputes and settings changes run under {@code long-operation-timeout} instead.
         */
        @WithDefault("10s")
        Duration requestTimeout();

        @WithDefault("1h")
        Duration longOperationTimeout();

        /** Client errors written to the log per second, at most; the rest are counted. */
        @WithDefault("10")
        int clientErrorLogLinesPerSecond();
    }

    interface Graphql {
        /** Introspection and the schema document for every role; otherwise only for admin. */
        @WithDefault("false")
        boolean introspection();
    }

    /** How large a segment rule may be. */
    interface Rules {
        /** Characters of a rule's text. */
        @WithDefault("4000")
        int maxLength();

        /** Conditions in one rule, {@code inSegment} included. */
        @WithDefault("100")
        int maxConditions();

        /** Nesting of {@code not} and parentheses. */
        @WithDefault("20")
        int maxDepth();
    }

    /** Custom segments, their previews and explanations. */
    interface Segments {
        /**
         * How many custom segments may exist. Each one adds a statement to the refresh of every write,
         * so this bounds what an admin can add to the cost of ingest.
         */
        @WithDefault("100")
        int maxCustom();

        /**
         * Longest that one statement of a preview may run; a slower rule ends in an UNAVAILABLE error
         * that says so, never in a hung request. At most the request timeout applies anyway.
         */
        @WithDefault("5s")
        Duration previewTimeout();

        /** Sample customers a preview may return. */
        @WithDefault("100")
        int maxSample();

        /** Suggested values per string field in {@code ruleFields}, the most frequent first. */
        @WithDefault("20")
        int suggestions();

        /**
         * How long counted suggestions are served before they are counted again (they read every customer,
         * and every order line for categories).
         */
        @WithDefault("10m")
        Duration suggestionsMaxAge();

        /**
         * How often customers whose time-based memberships may have changed (a lapse, a window passing) are
         * evaluated, each at the instant its rule crossed; {@code off} leaves them to writes and the daily
         * full recompute.
         */
        @WithDefault("60s")
        String dueCheckInterval();

        /** Customers one transaction of that check evaluates; it repeats until none is due. */
        @WithDefault("100")
        int dueBatch();
    }

    /** The change feed ({@code membershipChanges}) and its live form, the {@code segmentChanges} subscription. */
    interface Feed {
        /** Segments one feed request or subscription may name in {@code keys}. */
        @WithDefault("50")
        int maxKeys();

        /** Subscriptions served at once by one replica; each reads the log on every wake-up. */
        @WithDefault("200")
        int maxSubscriptions();

        /** Subscriptions on one WebSocket connection. */
        @WithDefault("10")
        int maxSubscriptionsPerConnection();

        /**
         * Bytes queued on one WebSocket connection for a client that does not read: beyond it the connection
         * is closed (code 1013), and the client resumes after the last change it received.
         */
        @WithDefault("1M")
        MemorySize subscriberBuffer();

        /** Changes a subscription reads from the log at once. */
        @WithDefault("500")
        int subscriptionBatch();

        /**
         * How soon a subscription looks again when committed changes wait behind a transaction that is
         * still running (notifications come at commits, not when that transaction ends).
         */
        @WithDefault("100ms")
        Duration heldBackRetry();

        /** A subscription reads the log at least this often, in case a notification was lost. */
        @WithDefault("5s")
        Duration safetyPoll();

        /** A WebSocket connection must send {@code connection_init} within this time. */
        @WithDefault("10s")
        Duration connectionInitTimeout();
    }

    /** The streamed member export, {@code GET /segments/{key}/members}. */
    interface Export {
        /**
         * Members read by one SQL statement of an export. Each page is one short statement (no transaction
         * held across pages) whose rows are written before the next is read, so an export holds about one
         * page in memory: 5,000 rows are roughly 0.5 MB of CSV, and 1,000,000 members take 200 statements.
         */
        @WithDefault("5000")
        int pageSize();
    }

    interface Recompute {
        /** Schedule of the full recompute, a Quarkus cron expression (seconds first). */
        @WithDefault("0 0 3 * * ?")
        String cron();
    }

    interface EmbeddedDatabase {
        /** Start an embedded PostgreSQL when no DB_URL is set (not in a native executable). */
        @WithDefault("true")
        boolean enabled();

        /** Keep the embedded database's data in this folder; unset: discarded on exit. */
        Optional<String> dataDir();
    }
}
