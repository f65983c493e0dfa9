package com.clientele.common;

import io.smallrye.graphql.api.ErrorExtensionProvider;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonValue;

/** Adds where the input was wrong to the GraphQL error of an {@link ApiException}. */
public final class ErrorExtensions {

    private ErrorExtensions() {
    }

    private static ApiException api(Throwable t) {
        return t instanceof ApiException api ? api : null;
    }

    /** {@code extensions.inputPath}: the path of the first offending input value. */
    public static class InputPath implements ErrorExtensionProvider {
        @Override
        public String getKey() {
            return "inputPath";
        }

        @Override
        public JsonValue mapValueFrom(Throwable exception) {
            ApiException api = api(exception);
            return api == null ? null : Json.createValue(api.inputPath());
        }
    }

    /** {@code extensions.problems}: every offending value of the request, so a client fixes all at once. */
    public static class Problems implements ErrorExtensionProvider {
        @Override
        public String getKey() {
            return "problems";
        }

        @Override
        public JsonValue mapValueFrom(Throwable exception) {
            ApiException api = api(exception);
            if (api == null) {
                return null;
            }
            JsonArrayBuilder array = Json.createArrayBuilder();
            api.problems().forEach(p -> array.add(Json.createObjectBuilder()
                    .add("path", p.path()).add("message", p.message())));
            return array.build();
        }
    }
}
