package com.clientele.graphql;

import com.clientele.common.ClienteleConfig;
import graphql.GraphQL;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.Instrumentation;
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

    @Override
    public GraphQL.Builder beforeGraphQLBuild(GraphQL.Builder builder) {
        ClienteleConfig.Limits limits = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class)
                .getConfigMapping(ClienteleConfig.class).limits();
        ErrorLog.configure(limits.clientErrorLogLinesPerSecond());
        Instrumentation smallrye = builder.build().getInstrumentation();
        return builder.instrumentation(new ChainedInstrumentation(List.of(smallrye, new BatchArgumentsGuard(),
                new ResponseBudget(limits.maxResponseSize().asLongValue()),
                new ErrorPolicy(limits.maxErrors(), limits.requestTimeout()))));
    }
}
