package com.clientele.common;

/** Relay page information. */
public record PageInfo(boolean hasNextPage, String endCursor) {
}
