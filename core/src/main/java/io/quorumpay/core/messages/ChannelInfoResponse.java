package io.quorumpay.core.messages;

import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.SequenceNumber;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A shard's answer about one channel. The numbers are the authority's word; the certificates are
 * proof, and a client believes only what they show.
 *
 * @param open whether the channel's open certificate was applied here (else every number is 0)
 * @param value what the channel holds here; may be transiently negative (docs/PROTOCOL.md)
 * @param nonce the nonce of the channel's next claim or refund
 * @param expiration the primary height from which its sender may refund
 * @param pendingVote this authority's vote at the channel's slot {@code nonce}, if any
 * @param openCertificate the certificate of the order that opened it
 * @param requestedCertificate the certificate applied at the requested nonce, if asked and applied
 * @param fundCertificates the certificates of the channel's latest fund orders applied here (at
 *     most {@code ChannelState.MAX_FUNDS}), oldest first; they are on its sender's slot
 */
public record ChannelInfoResponse(
    ChannelId channel,
    boolean open,
    long value,
    SequenceNumber nonce,
    long expiration,
    Optional<Vote> pendingVote,
    Optional<Certificate> openCertificate,
    Optional<Certificate> requestedCertificate,
    List<Certificate> fundCertificates) {

  public ChannelInfoResponse {
    Objects.requireNonNull(channel);
    Objects.requireNonNull(nonce);
    Objects.requireNonNull(pendingVote);
    Objects.requireNonNull(openCertificate);
    Objects.requireNonNull(requestedCertificate);
    fundCertificates = List.copyOf(fundCertificates);
  }
}
