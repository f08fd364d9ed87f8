package io.quorumpay.core.primary;

import io.quorumpay.core.messages.OrderKey;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.PrimaryAddress;

/** The primary contract paid {@code amount} of {@code asset} to {@code to} for the certificate at {@code key}. */
public record RedeemReceipt(OrderKey key, PrimaryAddress to, AssetId asset, Amount amount) {}
