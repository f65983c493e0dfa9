package com.clientele.common;

import io.smallrye.graphql.api.ErrorCode;

import java.util.List;

@ErrorCode("CONFLICT")
public class ConflictException extends ApiException {
    public ConflictException(List<Problem> problems) {
        super(problems);
    }

    public ConflictException(String path, String message) {
        this(List.of(new Problem(path, message)));
    }
}
