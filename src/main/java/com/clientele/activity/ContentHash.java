package com.clientele.activity;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A fingerprint of a record's canonical content, stored beside it: a replay with the same external
 * id is recognised (same hash) or refused as a conflict (different hash) with one indexed lookup.
 * Canonical means: decimals without trailing zeros, instants in microseconds, absent values as a marker.
 */
final class ContentHash {

    private final StringBuilder text = new StringBuilder();

    ContentHash add(Object value) {
        if (value == null) {
            text.append('\u0000');
        } else if (value instanceof BigDecimal d) {
            text.append(d.stripTrailingZeros().toPlainString());
        } else if (value instanceof Instant i) {
            text.append(i.getEpochSecond()).append('.').append(i.getNano() / 1000);
        } else {
            text.append(value);
        }
        text.append('\u001f');
        return this;
    }

    String hex() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
