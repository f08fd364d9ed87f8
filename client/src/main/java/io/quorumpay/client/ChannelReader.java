package io.quorumpay.client;

import com.google.protobuf.ByteString;
import io.quorumpay.api.ChannelInfoReply;
import io.quorumpay.core.client.VerifiedChannel;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.ChannelFund;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.SequenceNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a channel from the committee believing only certificates (see {@link PayKit#channel(ChannelId,
 * AccountId)}). Holds no wallet and no lock, so a seller's directory can read announced channels with it
 * without ever waiting on (or holding up) the seller's wallet; safe for concurrent use.
 */
public final class ChannelReader {
  private static final Logger log = LoggerFactory.getLogger(ChannelReader.class);

  /** How many claims and refunds of one channel a read follows at most (each one certificate). */
  static final int MAX_CHANNEL_SLOTS = 10_000;

  private final CommitteeClient committee;
  private final Committee members;

  /** A reader asking {@code committee}'s authorities. */
  public ChannelReader(CommitteeClient committee) {
    this.committee = committee;
    this.members = committee.committee();
  }

  /** Channel {@code id} of {@code sender} from authorities' certificates only (no wallet's own). */
  public VerifiedChannel read(ChannelId id, AccountId sender) throws PayKitException {
    return read(id, sender, List.of(), List.of());
  }

  /**
   * Channel {@code id} of {@code sender}: the open certificate (from any authority; it must verify and
   * open this very id), the fund certificates in {@code ownFunds} and those authorities serve, and the
   * claims and refunds at nonces 0, 1, … (from {@code ownSlots}, else authorities), each verified and
   * counted once. Stops at the first round that brings no valid certificate, so an authority reporting
   * a nonce ahead without proof costs one more read, not many. Refused ({@code UNKNOWN_CHANNEL}) when no
   * authority holds a valid open certificate; {@code UNREACHABLE} when none answers.
   */
  public VerifiedChannel read(ChannelId id, AccountId sender, List<Certificate> ownFunds, List<Certificate> ownSlots)
      throws PayKitException {
    committee.retryFailedConnections();
    List<ChannelInfoReply> replies = channelInfo(id, sender, SequenceNumber.ZERO);
    if (replies.stream().allMatch(Objects::isNull)) {
      throw new PayKitException(PayKitException.Kind.UNREACHABLE, "no authority could be reached to read channel " + id, null, null);
    }
    VerifiedChannel channel = null;
    for (ChannelInfoReply reply : replies) {
      if (channel == null && reply != null && !reply.getOpenCertificate().isEmpty()) {
        try {
          channel = VerifiedChannel.opened(members, id, Certificate.decode(reply.getOpenCertificate().toByteArray()));
        } catch (ProtocolException e) {
          log.atDebug().addKeyValue("channel", id).log("an authority sent an open certificate that does not verify");
        }
      }
    }
    if (channel == null) {
      throw PayKitException.refused(new ProtocolError.UnknownChannel(id, "no authority holds a valid certificate opening it for "
          + sender.text()));
    }
    try {
      for (Certificate mine : ownFunds) {
        if (mine.order() instanceof ChannelFund fund && fund.channel().equals(id)) {
          channel = channel.withFund(members, mine);
        }
      }
    } catch (ProtocolException e) {
      throw new IllegalStateException("a fund certificate this wallet recorded no longer verifies", e);
    }
    for (ChannelInfoReply reply : replies) {
      if (reply != null) {
        for (ByteString bytes : reply.getFundCertificatesList()) {
          try {
            channel = channel.withFund(members, Certificate.decode(bytes.toByteArray()));
          } catch (ProtocolException e) {
            log.atDebug().addKeyValue("channel", id).log("an authority sent a fund certificate that does not verify");
          }
        }
      }
    }
    return withSlots(channel, replies, ownSlots);
  }

  /** Adds the claims and refunds at the channel's nonces in a row, one round of reads per nonce. */
  private VerifiedChannel withSlots(VerifiedChannel start, List<ChannelInfoReply> first, List<Certificate> own) {
    VerifiedChannel channel = start;
    List<ChannelInfoReply> replies = first;
    for (int read = 0; read < MAX_CHANNEL_SLOTS; read++) {
      Optional<VerifiedChannel> next = nextSlot(channel, replies, own);
      if (next.isEmpty()) {
        // No valid certificate at this nonce: whatever an authority reports beyond it is unproven.
        return channel;
      }
      channel = next.get();
      replies = channelInfo(start.id(), start.sender(), channel.nonce());
    }
    return channel;
  }

  private Optional<VerifiedChannel> nextSlot(VerifiedChannel channel, List<ChannelInfoReply> replies, List<Certificate> own) {
    Stream<byte[]> offered = Stream.concat(
        own.stream().filter(c -> c.key().owner().equals(channel.id())).map(Certificate::encode),
        replies.stream().filter(r -> r != null && !r.getRequestedCertificate().isEmpty())
            .map(r -> r.getRequestedCertificate().toByteArray()));
    for (byte[] bytes : (Iterable<byte[]>) offered::iterator) {
      try {
        return Optional.of(channel.withSlot(members, Certificate.decode(bytes)));
      } catch (ProtocolException e) {
        // Not the valid certificate at this nonce (another nonce, or a lie): it does not count.
      }
    }
    return Optional.empty();
  }

  /** Every authority's answer about the channel (null where none came), with its certificate at {@code nonce}. */
  private List<ChannelInfoReply> channelInfo(ChannelId id, AccountId sender, SequenceNumber nonce) {
    List<CompletableFuture<ChannelInfoReply>> asked = new ArrayList<>();
    for (int a = 0; a < committee.size(); a++) {
      asked.add(committee.channelInfo(a, id, sender, Optional.of(nonce)));
    }
    return asked.stream().map(f -> f.exceptionally(failure -> null).join()).toList();
  }
}
