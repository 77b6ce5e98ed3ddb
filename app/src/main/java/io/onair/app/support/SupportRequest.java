package io.onair.app.support;

import java.util.List;

/**
 * {@code PUT /api/channels/{c}/support} as sent: every field may be missing (a missing one is named in the 400),
 * so the types are the nullable wrappers Jackson can leave empty.
 */
public record SupportRequest(String currency, Long donationMin, Long donationMax, Boolean subOnlyChat,
        List<TierRequest> tiers) {
    public record TierRequest(Integer tier, String name, Long price) {
    }
}
