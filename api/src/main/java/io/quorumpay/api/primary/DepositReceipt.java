package io.quorumpay.api.primary;

import io.quorumpay.core.messages.PrimaryDeposit;

/** A deposit as the primary accepted it, and the block that includes it. */
public record DepositReceipt(PrimaryDeposit deposit, long block) {}
