package com.clientele.customer;

import com.clientele.common.InputCheck;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Every rule a customer record must satisfy before it is stored. */
final class CustomerInputCheck {

    static final int MAX_ATTRIBUTES = 50;
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");
    private static final Pattern ATTRIBUTE_KEY = Pattern.compile("^[A-Za-z][A-Za-z0-9_.-]{0,63}$");

    private CustomerInputCheck() {
    }

    static void check(InputCheck check, String path, List<CustomerInput> customers, Instant now) {
        check.batch(path, customers, (c, p, customer) -> one(c, p, customer, now))
                .unique(path, customers, in -> in.externalId, "externalId");
    }

    private static void one(InputCheck check, String path, CustomerInput in, Instant now) {
        check.id(path + ".externalId", in.externalId, 128)
                .text(path + ".email", in.email, 320)
                .text(path + ".name", in.name, 200)
                .text(path + ".city", in.city, 200)
                .text(path + ".country", in.country, 2);
        if (in.email != null && in.email.length() <= 320 && !EMAIL.matcher(in.email).matches()) {
            check.problem(path + ".email", "is not an e-mail address");
        }
        if (in.country != null && !COUNTRIES.contains(in.country.toUpperCase(Locale.ROOT))) {
            check.problem(path + ".country", "is not an ISO 3166-1 alpha-2 country code");
        }
        if (in.birthDate != null && (in.birthDate.isAfter(LocalDate.ofInstant(now, ZoneOffset.UTC))
                || in.birthDate.isBefore(LocalDate.of(1900, 1, 1)))) {
            check.problem(path + ".birthDate", "must lie between 1900-01-01 and today");
        }
        check.pastInstant(path + ".firstSeenAt", in.firstSeenAt, now);
        attributes(check, path + ".attributes", in.attributes);
    }

    private static void attributes(InputCheck check, String path, List<AttributeInput> attributes) {
        if (attributes == null) {
            return;
        }
        if (attributes.size() > MAX_ATTRIBUTES) {
            check.problem(path, "holds " + attributes.size() + " attributes; at most " + MAX_ATTRIBUTES);
            return;
        }
        check.batch(path, attributes, (c, p, a) -> {
            if (a.key == null || !ATTRIBUTE_KEY.matcher(a.key).matches()) {
                c.problem(p + ".key", "must start with a letter and hold at most 64 letters, digits, '_', '.' or '-'");
            }
            int set = (a.text != null ? 1 : 0) + (a.number != null ? 1 : 0) + (a.flag != null ? 1 : 0);
            if (set != 1) {
                c.problem(p, "must set exactly one of text, number and flag");
            }
            c.text(p + ".text", a.text, 1000);
            if (a.number != null && (a.number.precision() > 30 || Math.abs(a.number.scale()) > 10)) {
                c.problem(p + ".number", "is too large or too precise");
            }
        }).unique(path, attributes, a -> a.key, "key");
    }
}
