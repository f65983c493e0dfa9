package com.clientele.graphql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.language.Document;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;

/**
 * The gate's parser, with the documents it parsed recently: storefronts send the same few documents with
 * new variables on every page, and parsing one was an eighth of a storefront request's time. A document
 * is immutable, so one parse serves every request that sends the same text. Only short texts are kept,
 * up to a bounded total, least recently used first out: a client that sends endless distinct documents
 * costs a parse each, as before, and never more memory. Texts that do not parse are not kept.
 */
final class ParsedDocuments {

    /** Longer documents are parsed every time: storefront and console documents are far shorter. */
    static final int MAX_KEPT_LENGTH = 8 * 1024;
    /** Characters of text kept in all; the parsed trees take some tens of times that. */
    private static final long MAX_KEPT_TOTAL = 256 * 1024;

    private final ParserOptions options;
    private final Cache<String, Document> recent = Caffeine.newBuilder()
            .maximumWeight(MAX_KEPT_TOTAL).weigher((String text, Document document) -> text.length())
            .executor(Runnable::run) // evicts as it goes, on the caller: no work left to a pool
            .build();

    ParsedDocuments(ParserOptions options) {
        this.options = options;
    }

    /** The document of this text; throws as graphql-java's parser does when it is not valid or too large. */
    Document parse(String text) {
        if (text.length() > MAX_KEPT_LENGTH) {
            return parseNow(text);
        }
        Document document = recent.getIfPresent(text);
        if (document == null) {
            document = parseNow(text);
            recent.put(text, document);
        }
        return document;
    }

    private Document parseNow(String text) {
        return Parser.parse(ParserEnvironment.newParserEnvironment().document(text).parserOptions(options).build());
    }
}
