package com.clientele.graphql;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON members of a GraphQL-over-HTTP request ({@code query}, {@code operationName},
 * {@code variables}, {@code extensions}), or what is wrong with them (then {@code problem} is set).
 */
record RequestEnvelope(String query, String operationName, Map<String, Object> variables, String problem) {

    /**
     * Levels of objects and lists in {@code variables}. SmallRye reads them again with JSON-P (Parsson),
     * which fails on about a thousand levels that Vert.x's parser accepts (an INTERNAL error); no input of
     * this schema needs more than a handful.
     */
    static final int MAX_VARIABLE_DEPTH = 64;

    static RequestEnvelope of(Buffer body) {
        if (body == null || body.length() == 0) {
            return refused("The request body is empty; send {\"query\": \"...\"}");
        }
        JsonObject json;
        try {
            Object parsed = body.toJson();
            if (!(parsed instanceof JsonObject object)) {
                return refused("The request body must be a JSON object");
            }
            json = object;
        } catch (DecodeException | IllegalStateException e) {
            return refused("The request body is not valid JSON");
        }
        Object query = json.getValue("query");
        if (!(query instanceof String text) || text.isBlank()) {
            return refused("'query' must be a string holding a GraphQL document");
        }
        Object operationName = json.getValue("operationName");
        if (operationName != null && !(operationName instanceof String)) {
            return refused("'operationName' must be a string or null");
        }
        Object variables = json.getValue("variables");
        if (variables != null && !(variables instanceof JsonObject)) {
            return refused("'variables' must be an object or null");
        }
        Object extensions = json.getValue("extensions");
        if (extensions != null && !(extensions instanceof JsonObject)) {
            return refused("'extensions' must be an object or null");
        }
        Map<String, Object> vars = plain(variables == null ? Map.of() : ((JsonObject) variables).getMap());
        if (deeperThan(vars, MAX_VARIABLE_DEPTH)) {
            return refused("'variables' are nested deeper than " + MAX_VARIABLE_DEPTH + " levels");
        }
        return new RequestEnvelope(text, (String) operationName, vars, null);
    }

    private static RequestEnvelope refused(String problem) {
        return new RequestEnvelope(null, null, Map.of(), problem);
    }

    /** Over plain maps and lists: the variables object is the first level. */
    private static boolean deeperThan(Object value, int levels) {
        if (!(value instanceof Map<?, ?>) && !(value instanceof List<?>)) {
            return false;
        }
        if (levels == 0) {
            return true;
        }
        Iterable<?> children = value instanceof Map<?, ?> map ? map.values() : (List<?>) value;
        for (Object child : children) {
            if (deeperThan(child, levels - 1)) {
                return true;
            }
        }
        return false;
    }

    /** Vert.x wraps nested values lazily; the checks want plain maps and lists. */
    private static Map<String, Object> plain(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, plainValue(v)));
        return copy;
    }

    private static Object plainValue(Object value) {
        if (value instanceof JsonObject object) {
            return plain(object.getMap());
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), plainValue(v)));
            return copy;
        }
        if (value instanceof JsonArray array) {
            return array.getList().stream().map(RequestEnvelope::plainValue).toList();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(RequestEnvelope::plainValue).toList();
        }
        return value;
    }
}
