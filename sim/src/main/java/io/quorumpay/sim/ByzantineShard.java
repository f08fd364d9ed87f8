package io.quorumpay.sim;

import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.SignedTransferOrder;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.messages.VoteSignature;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.core.types.UserData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A shard of a Byzantine authority: it holds a committee key and does whatever its kind says, never what the protocol says. */
final class ByzantineShard {
  private final Faults.Byzantine kind;
  private final KeyPair key;
  private final NetworkId network;
  private final Address address;
  private final List<SimMessage> sent = new ArrayList<>();

  ByzantineShard(Faults.Byzantine kind, KeyPair key, NetworkId network, Address address) {
    this.kind = kind;
    this.key = key;
    this.network = network;
    this.address = address;
  }

  void handle(Address from, SimMessage message, Simulation sim) {
    if (from.kind() != Address.Kind.CLIENT) {
      return;
    }
    SimMessage answer = switch (kind) {
      case SILENT -> null;
      case GARBAGE -> garbage(message, sim);
      case EQUIVOCATE -> equivocate(message);
      case LIAR -> lie(message, sim);
      case REPLAY -> sent.isEmpty() ? equivocate(message) : sent.get(sim.random.nextInt(sent.size()));
    };
    if (answer != null) {
      sent.add(answer);
      sim.send(address, from, answer);
    }
  }

  /** Votes for anything that decodes, conflicting orders included. */
  private SimMessage equivocate(SimMessage message) {
    if (message instanceof SimMessage.Order order) {
      try {
        TransferOrder decoded = SignedTransferOrder.decode(order.signedOrder()).order();
        return new SimMessage.Vote(address.index(), Vote.sign(decoded, key).encode());
      } catch (ProtocolException e) {
        return null;
      }
    }
    if (message instanceof SimMessage.Confirm confirm) {
      try {
        return new SimMessage.ConfirmAck(address.index(), Certificate.decode(confirm.certificate()).key());
      } catch (ProtocolException e) {
        return null;
      }
    }
    return null;
  }

  private SimMessage garbage(SimMessage message, Simulation sim) {
    byte[] noise = new byte[sim.random.nextInt(300)];
    sim.random.nextBytes(noise);
    return switch (message) {
      case SimMessage.Order o -> new SimMessage.Vote(address.index(), noise);
      case SimMessage.Info info -> new SimMessage.InfoReply(address.index(), info.account(), info.receivedFrom(), List.of(noise),
          info.receivedFrom() + 1, noise, sim.random.nextLong(1000));
      default -> null;
    };
  }

  /** Offers a forged certificate paying the asker, truncated bytes, and positions that jump around. */
  private SimMessage lie(SimMessage message, Simulation sim) {
    if (!(message instanceof SimMessage.Info info)) {
      return equivocate(message);
    }
    TransferOrder gift = new TransferOrder(network, new AccountId(KeyPair.generate(sim.random).publicKey()),
        new Recipient.Account(info.account()), new AssetId("QPC"), new Amount(1_000_000), SequenceNumber.ZERO, UserData.EMPTY);
    List<VoteSignature> votes = new ArrayList<>();
    votes.add(Vote.sign(gift, key).toSignature());
    for (int i = 0; i < 3; i++) {
      votes.add(Vote.sign(gift, KeyPair.generate(sim.random)).toSignature());
    }
    votes.sort(Comparator.comparing(VoteSignature::authority));
    byte[] forged = new Certificate(gift, votes).encode();
    byte[] truncated = java.util.Arrays.copyOf(forged, forged.length / 2);
    long total = sim.random.nextBoolean() ? 0 : info.receivedFrom() + 1 + sim.random.nextInt(100);
    return new SimMessage.InfoReply(address.index(), info.account(), info.receivedFrom(), List.of(forged, truncated), total, forged,
        sim.random.nextLong(100));
  }
}
