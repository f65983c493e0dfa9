package com.clientele.common;

import java.util.List;

public class ConflictException extends ApiException {
    public ConflictException(List<Problem> problems) {
        super(problems);
    }

    public ConflictException(String path, String message) {
        this(List.of(new Problem(path, message)));
    }

    @Override
    public ErrorCode code() {
        return ErrorCode.CONFLICT;
    }
}
