package io.quorumpay.core.messages;

import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.SequenceNumber;
import java.util.Objects;
import java.util.Optional;

/**
 * Asks a shard about one channel of {@code sender} (whose shard holds it): its state, its open
 * certificate, and optionally the certificate (claim or refund) applied at nonce {@code certificateAt}.
 */
public record ChannelInfoRequest(ChannelId channel, AccountId sender, Optional<SequenceNumber> certificateAt) {
  public ChannelInfoRequest {
    Objects.requireNonNull(channel);
    Objects.requireNonNull(sender);
    Objects.requireNonNull(certificateAt);
  }
}
