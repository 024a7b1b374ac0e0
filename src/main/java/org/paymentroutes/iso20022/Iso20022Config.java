package org.paymentroutes.iso20022;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.paymentroutes.config.ConfigException;
import org.paymentroutes.config.Settings;
import org.paymentroutes.order.OrderParser;

/**
 * The {@code payments.iso20022.*} settings: which provider pays a debtor account's transfers, the
 * bounds of one file and of its requested execution dates.
 */
public record Iso20022Config(String defaultProvider, Map<String, String> providerByAccount, int maxBytes, int maxTransactions,
                             int maxDaysPast, int maxDaysAhead) {

    public static final String PREFIX = "payments.iso20022.";

    public Iso20022Config {
        providerByAccount = Map.copyOf(providerByAccount);
    }

    public static Iso20022Config from(Settings s) {
        String fallback = s.require(PREFIX + "default-provider");
        if (!OrderParser.PROVIDERS.contains(fallback)) {
            throw new ConfigException(PREFIX + "default-provider", "must be one of " + OrderParser.PROVIDERS);
        }
        Map<String, String> byAccount = new HashMap<>();
        for (String provider : OrderParser.PROVIDERS) {
            String key = PREFIX + "accounts." + provider;
            String list = s.get(key, "");
            for (String raw : list.split(",")) {
                String iban = raw.replace(" ", "").toUpperCase(Locale.ROOT);
                if (iban.isEmpty()) {
                    continue;
                }
                String before = byAccount.put(iban, provider);
                if (before != null && !before.equals(provider)) {
                    throw new ConfigException(key, "lists an account that " + PREFIX + "accounts." + before + " lists too");
                }
            }
        }
        return new Iso20022Config(fallback, byAccount, s.integer(PREFIX + "max-bytes", 1024, 256 * 1024 * 1024),
                s.integer(PREFIX + "max-transactions", 1, 1_000_000), s.integer(PREFIX + "max-days-past", 0, 3650),
                s.integer(PREFIX + "max-days-ahead", 0, 3650));
    }

    /** The defaults alone, with one default provider: for tests and tools. */
    public static Iso20022Config defaults(String defaultProvider) {
        return new Iso20022Config(defaultProvider, Map.of(), 32 * 1024 * 1024, 50_000, 10, 30);
    }

    public Iso20022Config withAccounts(Map<String, String> byAccount) {
        return new Iso20022Config(defaultProvider, byAccount, maxBytes, maxTransactions, maxDaysPast, maxDaysAhead);
    }

    /** The provider that pays from this debtor account (IBAN, or null when the account is no IBAN). */
    public String providerFor(String debtorIban) {
        return debtorIban == null ? defaultProvider : providerByAccount.getOrDefault(debtorIban.toUpperCase(Locale.ROOT), defaultProvider);
    }

    Set<String> accounts() {
        return providerByAccount.keySet();
    }
}
