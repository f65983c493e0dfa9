package com.clientele.common;

import java.util.List;

public class BadUserInputException extends ApiException {
    public BadUserInputException(List<Problem> problems) {
        super(problems);
    }

    public BadUserInputException(String path, String message) {
        this(List.of(new Problem(path, message)));
    }

    @Override
    public ErrorCode code() {
        return ErrorCode.BAD_USER_INPUT;
    }
}
