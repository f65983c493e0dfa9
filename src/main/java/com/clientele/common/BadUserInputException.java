package com.clientele.common;

import io.smallrye.graphql.api.ErrorCode;

import java.util.List;

@ErrorCode("BAD_USER_INPUT")
public class BadUserInputException extends ApiException {
    public BadUserInputException(List<Problem> problems) {
        super(problems);
    }

    public BadUserInputException(String path, String message) {
        this(List.of(new Problem(path, message)));
    }
}
