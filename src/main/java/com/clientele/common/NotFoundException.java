package com.clientele.common;

import java.util.List;

public class NotFoundException extends ApiException {
    public NotFoundException(String path, String message) {
        super(List.of(new Problem(path, message)));
    }

    @Override
    public ErrorCode code() {
        return ErrorCode.NOT_FOUND;
    }
}
