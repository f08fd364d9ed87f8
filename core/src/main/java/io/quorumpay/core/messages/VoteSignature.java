package io.quorumpay.core.messages;

import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.crypto.Signature;
import java.util.Objects;

/** One authority's vote signature inside a certificate. */
public record VoteSignature(AuthorityName authority, Signature signature) {
  public VoteSignature {
    Objects.requireNonNull(authority);
    Objects.requireNonNull(signature);
  }
}
