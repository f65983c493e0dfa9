package com.clientele.common;

/** {@code extensions.code} of every GraphQL error: the small fixed set clients branch on. */
public enum ErrorCode {
    /** The request or one of its values is wrong; {@code extensions.inputPath} names it. Do not retry unchanged. */
    BAD_USER_INPUT,
    NOT_FOUND,
    /** The write contradicts stored data (same external id, other content). */
    CONFLICT,
    /** The token's roles do not allow this operation or field. */
    FORBIDDEN,
    /** No valid bearer token. */
    UNAUTHENTICATED,
    /** The database is unreachable or the request ran out of time: retry later ({@code Retry-After}). */
    UNAVAILABLE,
    /** A fault of the service; it has been logged. */
    INTERNAL
}
