package com.clientele.segment.export;

import java.time.Instant;

/**
 * One line of a member export: the customer's contact fields and the membership's {@code since} and
 * {@code detail} (e.g. the top category of CATEGORY_FOCUSED). {@code customerId} is the keyset of the
 * walk and is not exported.
 */
record ExportedMember(long customerId, String externalId, String email, String name, String country,
                      boolean marketingConsent, Instant since, String detail) {
}
