package io.onair.app.support;

import java.util.List;

/**
 * What a channel's owner set for support: the currency, the donation range and the subscription tiers. Amounts are
 * in the currency's minor unit.
 *
 * @param subOnlyChat only subscribers (and the channel's moderators) may write in chat
 */
public record SupportSettings(String currency, long donationMin, long donationMax, boolean subOnlyChat,
        List<Tier> tiers) {
    public SupportSettings {
        tiers = List.copyOf(tiers);
    }

    /** A monthly subscription tier (1..{@value SupportService#MAX_TIERS}) at the owner's price. */
    public record Tier(int tier, String name, long price) {
    }
}
