package com.clientele.graphql;

import graphql.language.Document;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.ParserOptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ParsedDocumentsTest {

    private final ParsedDocuments documents = new ParsedDocuments(ParserOptions.getDefaultParserOptions());

    @Test
    void theSameShortTextIsParsedOnce() {
        String text = "query($e: String!) { customerSegments(externalId: $e) }";
        Document first = documents.parse(text);
        assertSame(first, documents.parse(new String(text.toCharArray())));
    }

    @Test
    void aLongTextIsParsedEveryTime() {
        String text = "{ " + "__typename ".repeat(ParsedDocuments.MAX_KEPT_LENGTH / 10) + "}";
        assertNotSame(documents.parse(text), documents.parse(text));
    }

    @Test
    void anInvalidTextFailsEveryTime() {
        assertThrows(InvalidSyntaxException.class, () -> documents.parse("{ customerSegments("));
        assertThrows(InvalidSyntaxException.class, () -> documents.parse("{ customerSegments("));
    }

    /** Endless distinct documents push the oldest out: a recent one stays, the first is parsed again. */
    @Test
    void manyDistinctTextsKeepTheRecentOnesWithinTheBound() {
        String first = "{ a0: __typename }";
        Document parsed = documents.parse(first);
        for (int i = 1; i < 50_000; i++) {
            documents.parse("{ a" + i + ": __typename }");
        }
        String recent = "{ a49999: __typename }";
        assertSame(documents.parse(recent), documents.parse(recent));
        assertNotSame(parsed, documents.parse(first));
    }
}
