package com.clientele.graphql;

import com.clientele.common.ClienteleConfig;
import graphql.GraphQL;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.Instrumentation;
import graphql.schema.GraphQLSchema;
import graphql.schema.visibility.DefaultGraphqlFieldVisibility;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.graphql.spi.EventingService;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.List;

/**
 * Adds the service's instrumentations to the chain SmallRye builds, after SmallRye's own: its
 * parsed-document cache and any limit set in its configuration keep working. Registered through
 * META-INF/services rather than as a CDI observer: SmallRye's CDI events would fire for every field
 * of every request, and only this one hook is needed.
 * <p>
 * In the chain, in order: SmallRye's instrumentations, the batch-argument guard, the response budget,
 * and the error policy last, so that it sees and codes every error.
 */
public class GraphQLHooks implements EventingService {

    @Override
    public String getConfigKey() {
        return null; // always on
    }

    /**
     * SmallRye 2.17 turns its default field visibility (the value {@code default}) into a blocked-field
     * pattern, so graphql-java runs a regular expression at every field of every response (12% of the
     * time of a page of 10,000 changes). Nothing is hidden by it; what a caller may ask (introspection
     * included) is decided by the gate.
     */
    private static GraphQLSchema withoutFieldVisibility(GraphQLSchema schema) {
        return schema.transform(s -> s.codeRegistry(schema.getCodeRegistry()
                .transform(registry -> registry.fieldVisibility(DefaultGraphqlFieldVisibility.DEFAULT_FIELD_VISIBILITY))));
    }

    @Override
    public GraphQL.Builder beforeGraphQLBuild(GraphQL.Builder builder) {
        ClienteleConfig.Limits limits = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class)
                .getConfigMapping(ClienteleConfig.class).limits();
        ErrorLog.configure(limits.clientErrorLogLinesPerSecond());
        GraphQL smallryeBuilt = builder.build();
        Instrumentation smallrye = smallryeBuilt.getInstrumentation();
        return builder.schema(withoutFieldVisibility(smallryeBuilt.getGraphQLSchema())).instrumentation(new ChainedInstrumentation(List.of(smallrye, new BatchArgumentsGuard(),
                new ResponseBudget(limits.maxResponseSize().asLongValue()),
                new ErrorPolicy(limits.maxErrors(), limits.requestTimeout()))));
    }
}
