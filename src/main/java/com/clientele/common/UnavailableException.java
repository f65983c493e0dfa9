package com.clientele.common;

import java.util.List;
import java.util.Map;

/** The work could not be done now (it ran out of its time, or the database is busy): retry later or ask for less. */
public class UnavailableException extends ApiException {
    public UnavailableException(String path, String message, Map<String, Object> extensions) {
        super(List.of(new Problem(path, message)), extensions);
    }

    @Override
    public ErrorCode code() {
        return ErrorCode.UNAVAILABLE;
    }
}
