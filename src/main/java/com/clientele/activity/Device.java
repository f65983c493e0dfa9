package com.clientele.activity;

public enum Device {
    MOBILE_APP, MOBILE_WEB, DESKTOP, TABLET, OTHER
}
