package com.clientele.graphql;

import graphql.GraphQL;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.Instrumentation;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ClientProxy;
import io.smallrye.graphql.execution.ExecutionService;
import io.smallrye.graphql.execution.QueryCache;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.inject.Inject;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Guards that keep new API from slipping past the limits and the roles. */
@QuarkusTest
class SchemaGuardsTest {

    @Inject
    GraphQLSchema schema;

    @Inject
    ExecutionService execution;

    /** The service adds to SmallRye's instrumentation chain; replacing it lost the document cache and limits. */
    @Test
    void smallRyesOwnMachineryStaysInTheChainAndTheErrorPolicyComesLast() throws Exception {
        Method build = ExecutionService.class.getDeclaredMethod("getGraphQL");
        build.setAccessible(true);
        GraphQL graphQL = (GraphQL) build.invoke(ClientProxy.unwrap(execution));
        assertTrue(graphQL.getPreparsedDocumentProvider() instanceof QueryCache, "SmallRye's parsed-document cache");
        List<Class<?>> chain = new ArrayList<>();
        flatten(graphQL.getInstrumentation(), chain);
        assertTrue(chain.contains(QueryCache.class), "SmallRye's cache instrumentation: " + chain);
        assertTrue(chain.containsAll(List.of(BatchArgumentsGuard.class, ResponseBudget.class)), chain.toString());
        assertEquals(ErrorPolicy.class, chain.get(chain.size() - 1), "the error policy sees every error: " + chain);
    }

    /** Properties are read without SmallRye's per-field context (PlainFieldFetchers); resolvers keep SmallRye's fetchers. */
    @Test
    void propertiesAreReadByThePlainFetcherAndResolversBySmallRye() {
        GraphQLObjectType change = (GraphQLObjectType) schema.getType("MembershipChange");
        GraphQLObjectType customer = (GraphQLObjectType) schema.getType("Customer");
        assertTrue(fetcher(change, "at") instanceof PlainFieldFetchers.PlainFieldFetcher, fetcher(change, "at").toString());
        assertTrue(fetcher(change, "key") instanceof PlainFieldFetchers.PlainFieldFetcher);
        assertFalse(fetcher(customer, "segments") instanceof PlainFieldFetchers.PlainFieldFetcher,
                "a @Source resolver keeps SmallRye's fetcher");
    }

    private Object fetcher(GraphQLObjectType type, String field) {
        return schema.getCodeRegistry().getDataFetcher(type, type.getFieldDefinition(field));
    }

    private static void flatten(Instrumentation instrumentation, List<Class<?>> into) {
        if (instrumentation instanceof ChainedInstrumentation chained) {
            chained.getInstrumentations().forEach(i -> flatten(i, into));
        } else {
            into.add(instrumentation.getClass());
        }
    }

    @Test
    void everyListFieldOfTheSchemaHasASizeRuleForTheCost() {
        List<String> uncovered = new ArrayList<>();
        int lists = 0;
        for (var type : schema.getAllTypesAsList()) {
            if (type instanceof GraphQLObjectType object && !object.getName().startsWith("__")) {
                for (GraphQLFieldDefinition field : object.getFieldDefinitions()) {
                    lists += field.getType().toString().contains("[") ? 1 : 0;
                    if (!ListSizes.covers(object, field)) {
                        uncovered.add(object.getName() + "." + field.getName());
                    }
                }
            }
        }
        assertEquals(List.of(), uncovered, "list fields without a size rule in ListSizes");
        assertTrue(lists > 10, "the schema's lists were found");
    }

    @Test
    void everyOperationAndFieldResolverDeclaresItsRoles() {
        List<String> open = new ArrayList<>();
        int resolvers = 0;
        for (Bean<?> bean : Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> api = bean.getBeanClass();
            if (!api.isAnnotationPresent(GraphQLApi.class)) {
                continue;
            }
            for (Method method : api.getDeclaredMethods()) {
                boolean resolver = Modifier.isPublic(method.getModifiers())
                        && (method.isAnnotationPresent(Query.class) || method.isAnnotationPresent(Mutation.class)
                        || Arrays.stream(method.getParameters()).anyMatch(p -> p.isAnnotationPresent(Source.class)));
                if (resolver) {
                    resolvers++;
                    if (!method.isAnnotationPresent(RolesAllowed.class) && !api.isAnnotationPresent(RolesAllowed.class)) {
                        open.add(api.getSimpleName() + "." + method.getName());
                    }
                }
            }
        }
        assertEquals(List.of(), open, "resolvers without @RolesAllowed");
        assertTrue(resolvers > 25, "the API classes were found: " + resolvers);
    }
}
