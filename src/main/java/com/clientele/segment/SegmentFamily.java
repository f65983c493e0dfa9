package com.clientele.segment;

public enum SegmentFamily {
    LIFECYCLE, RFM, BEHAVIOUR, CUSTOM
}
