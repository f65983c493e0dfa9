package com.clientele.graphql;

import graphql.GraphQLException;
import graphql.TrivialDataFetcher;
import graphql.schema.DataFetchingEnvironment;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.graphql.execution.datafetcher.PlugableDataFetcher;
import io.smallrye.graphql.execution.datafetcher.helper.FieldHelper;
import io.smallrye.graphql.schema.model.Field;
import io.smallrye.graphql.schema.model.Reference;
import io.smallrye.graphql.schema.model.Type;
import io.smallrye.graphql.spi.ClassloadingService;
import io.smallrye.graphql.spi.DataFetcherService;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Fetchers for the plain fields of output types (a record component, a getter, a public field): the
 * value of the property, transformed as SmallRye transforms it (dates to text, formats, adapters),
 * without SmallRye's per-field request context.
 * <p>
 * SmallRye 2.17's own field fetcher clones its request context at every field of every object and fills
 * it: the path as text, the execution id, two lists of selected fields. That context is for resolver
 * code that asks for it ({@code io.smallrye.graphql.api.Context}); a property has no code to ask, and the
 * resolvers ({@code @Source} and operations) keep SmallRye's fetchers, which fill it themselves. On a
 * feed page of 10,000 changes, five fields each, it was most of the time GraphQL spent.
 * <p>
 * Registered through META-INF/services (application.properties carries that file into the native executable).
 */
@RegisterForReflection
public class PlainFieldFetchers implements DataFetcherService {

    /** Before Quarkus's own service (priority 1), which provides no field fetcher anyway. */
    @Override
    public Integer getPriority() {
        return 0;
    }

    @Override
    public PlugableDataFetcher<Object> getFieldDataFetcher(Field field, Type type, Reference owner) {
        return new PlainFieldFetcher(field, owner);
    }

    static final class PlainFieldFetcher implements PlugableDataFetcher<Object>, TrivialDataFetcher<Object> {

        private final Field field;
        private final Reference owner;
        private final FieldHelper helper;
        /** Resolved at first use, as SmallRye does: the owner's class may not be loadable when the schema is built. */
        private volatile Accessor accessor;

        PlainFieldFetcher(Field field, Reference owner) {
            this.field = field;
            this.owner = owner;
            this.helper = new FieldHelper(field);
        }

        @Override
        public Object get(DataFetchingEnvironment environment) throws Exception {
            Accessor read = accessor;
            if (read == null) {
                read = accessor = accessor();
            }
            return helper.transformOrAdaptResponse(read.get(environment.getSource()), environment);
        }

        private Accessor accessor() {
            try {
                Class<?> type = ClassloadingService.get().loadClass(owner.getClassName());
                if (field.getMethodName() == null) {
                    java.lang.reflect.Field property = type.getField(field.getPropertyName());
                    return property::get;
                }
                Method getter = type.getMethod(field.getMethodName());
                return source -> {
                    try {
                        return getter.invoke(source);
                    } catch (InvocationTargetException e) {
                        throw e.getCause() instanceof Exception cause ? cause : e;
                    }
                };
            } catch (ReflectiveOperationException e) {
                throw new GraphQLException(e);
            }
        }
    }

    @FunctionalInterface
    private interface Accessor {
        Object get(Object source) throws Exception;
    }
}
