package com.clientele.segment;

import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

@Name("Rfm")
public record RfmNode(int recency, int frequency, int monetary, @NonNull String group) {
}
