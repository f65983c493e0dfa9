package com.clientele.customer;

import java.time.LocalDate;
import java.util.List;

/** What identifies a person: readable by the marketing and admin roles only. */
public record PersonalData(String email, String name, String city, LocalDate birthDate,
                           List<CustomerAttribute> attributes) {
}
