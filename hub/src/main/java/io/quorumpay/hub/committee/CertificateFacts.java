package io.quorumpay.hub.committee;

import io.quorumpay.core.messages.ChannelClaim;
import io.quorumpay.core.messages.ChannelFund;
import io.quorumpay.core.messages.ChannelOpen;
import io.quorumpay.core.messages.ChannelRefund;
import io.quorumpay.core.messages.Order;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.Recipient;
import java.util.Optional;

/**
 * What a certified order means for history (pure): its kind, its slot, who pays ({@code from})
 * and who is paid ({@code to}), in which asset and how much. A channel fund names no asset (the
 * channel's), so its {@code asset} is empty; the indexer stores what the order says, nothing inferred.
 */
public record CertificateFacts(String kind, String owner, long sequenceNumber, Optional<AccountId> from,
    Optional<AccountId> to, Optional<String> primaryAddress, Optional<String> asset, long amount) {

  /** The kinds, as they appear in the API and the database. */
  public static final String TRANSFER = "transfer";
  public static final String REDEEM = "redeem";

  public static CertificateFacts of(Order order) {
    String owner = switch (order.key().owner()) {
      case AccountId account -> account.hex();
      case ChannelId channel -> channel.bytes().toHex();
    };
    long sequence = order.key().sequenceNumber().value();
    return switch (order) {
      case TransferOrder t -> switch (t.recipient()) {
        case Recipient.Account account -> new CertificateFacts(TRANSFER, owner, sequence, Optional.of(t.sender()),
            Optional.of(account.id()), Optional.empty(), Optional.of(t.asset().code()), t.amount().units());
        case Recipient.Primary primary -> new CertificateFacts(REDEEM, owner, sequence, Optional.of(t.sender()),
            Optional.empty(), Optional.of(primary.address().toString()), Optional.of(t.asset().code()), t.amount().units());
      };
      case ChannelOpen o -> new CertificateFacts("channel_open", owner, sequence, Optional.of(o.sender()), Optional.empty(),
          Optional.empty(), Optional.of(o.asset().code()), o.value().units());
      case ChannelFund f -> new CertificateFacts("channel_fund", owner, sequence, Optional.of(f.sender()), Optional.empty(),
          Optional.empty(), Optional.empty(), f.added().units());
      case ChannelClaim c -> new CertificateFacts("channel_claim", owner, sequence, Optional.empty(), Optional.of(c.claimer()),
          Optional.empty(), Optional.of(c.asset().code()), c.paid().units());
      case ChannelRefund r -> new CertificateFacts("channel_refund", owner, sequence, Optional.empty(), Optional.of(r.sender()),
          Optional.empty(), Optional.of(r.asset().code()), r.amount().units());
    };
  }
}
