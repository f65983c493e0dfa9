package com.clientele.common;

import java.util.List;
import java.util.Map;

public class BadUserInputException extends ApiException {
    public BadUserInputException(List<Problem> problems) {
        super(problems);
    }

    public BadUserInputException(String path, String message) {
        this(List.of(new Problem(path, message)));
    }

    public BadUserInputException(String path, String message, Map<String, Object> extensions) {
        super(List.of(new Problem(path, message)), extensions);
    }

    @Override
    public ErrorCode code() {
        return ErrorCode.BAD_USER_INPUT;
    }
}
