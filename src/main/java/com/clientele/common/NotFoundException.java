package com.clientele.common;

import io.smallrye.graphql.api.ErrorCode;

import java.util.List;

@ErrorCode("NOT_FOUND")
public class NotFoundException extends ApiException {
    public NotFoundException(String path, String message) {
        super(List.of(new Problem(path, message)));
    }
}
