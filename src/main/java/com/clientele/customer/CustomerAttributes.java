package com.clientele.customer;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Free attributes as stored: a JSON object of key to string, number or boolean. */
final class CustomerAttributes {

    private CustomerAttributes() {
    }

    static Map<String, Object> toJson(List<AttributeInput> attributes) {
        Map<String, Object> json = new TreeMap<>();
        if (attributes != null) {
            for (AttributeInput a : attributes) {
                json.put(a.key, a.text != null ? a.text : a.number != null ? a.number : a.flag);
            }
        }
        return json;
    }
}
