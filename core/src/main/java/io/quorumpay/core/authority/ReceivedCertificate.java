package io.quorumpay.core.authority;

import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.types.AccountId;

/** Entry {@code position} of {@code recipient}'s received log: a certificate that credited it. */
public record ReceivedCertificate(AccountId recipient, long position, Certificate certificate) {}
