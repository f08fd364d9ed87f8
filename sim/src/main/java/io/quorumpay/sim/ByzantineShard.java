package io.quorumpay.sim;

import io.quorumpay.core.authority.ShardAssignment;
import io.quorumpay.core.authority.ShardRequests;
import io.quorumpay.core.authority.SiblingSeal;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.ChannelClaim;
import io.quorumpay.core.messages.ChannelFund;
import io.quorumpay.core.messages.ChannelOpen;
import io.quorumpay.core.messages.ChannelRefund;
import io.quorumpay.core.messages.CrossShardCredit;
import io.quorumpay.core.messages.Order;
import io.quorumpay.core.messages.SignedOrder;
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
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The shards of a Byzantine authority: it holds a committee key and does whatever its kind says,
 * never what the protocol says. Towards clients it votes, lies or stays silent; towards its peers'
 * catch-up it serves lies; and with {@code forgeCredits} it sends cross-shard credits to the shards
 * of other authorities: forged ones sealed with its own sibling key, credits for certificates it
 * holds, genuine batches it overheard (replayed as they are, re-indexed, sent to the wrong
 * authority, or with a flipped bit), and malformed batches. Honest shards must refuse every one
 * that is not a genuine batch of their own authority, and a genuine one replayed must change nothing
 * that its first delivery would not have.
 */
final class ByzantineShard {
  private static final int SEEN_LIMIT = 256;
  private static final int OVERHEARD_LIMIT = 32;

  private final Faults.Byzantine kind;
  private final boolean forgeCredits;
  private final KeyPair key;
  private final SiblingSeal ownSeal;
  private final NetworkId network;
  private final int authority;
  private final int authorities;
  private final ShardAssignment assignment;
  private final List<SimMessage> sent = new ArrayList<>();
  /** Certificates clients confirmed here, oldest first. */
  private final List<Certificate> seen = new ArrayList<>();
  private final List<Overheard> overheard = new ArrayList<>();
  private int generation;

  /** A genuine sealed batch seen on the wire, and where it was going. */
  record Overheard(Address to, SimMessage.SealedCredits batch) {}

  ByzantineShard(Faults.Byzantine kind, boolean forgeCredits, KeyPair key, NetworkId network, int authority, int authorities,
      int shards) {
    this.kind = kind;
    this.forgeCredits = forgeCredits;
    this.key = key;
    this.ownSeal = new SiblingSeal(key);
    this.network = network;
    this.authority = authority;
    this.authorities = authorities;
    this.assignment = new ShardAssignment(shards);
  }

  boolean forgesCredits() {
    return forgeCredits;
  }

  int generation() {
    return generation;
  }

  void restart() {
    generation++;
  }

  /** A genuine batch between the shards of another authority, overheard on the wire. */
  void overhear(Address to, SimMessage.SealedCredits batch) {
    overheard.add(new Overheard(to, batch));
    if (overheard.size() > OVERHEARD_LIMIT) {
      overheard.remove(0);
    }
  }

  void handle(Address from, Address to, SimMessage message, Simulation sim) {
    switch (message) {
      case SimMessage.Tick tick when tick.generation() != generation -> { }
      case SimMessage.Tick tick -> {
        if (forgeCredits && sim.random.nextInt(3) == 0) {
          forgeCredits(to, sim);
        }
        sim.timer(to, 20 + sim.random.nextInt(20), tick);
        return;
      }
      case SimMessage.LogRequest request -> {
        answer(to, from, lieAboutLog(request, sim), sim);
        return;
      }
      case SimMessage.Confirm confirm -> {
        try {
          seen.add(Certificate.decode(confirm.certificate()));
          if (seen.size() > SEEN_LIMIT) {
            seen.remove(0);
          }
        } catch (ProtocolException garbage) {
          // Not a certificate.
        }
      }
      default -> { }
    }
    if (from.kind() != Address.Kind.CLIENT) {
      return;
    }
    SimMessage answer = switch (kind) {
      case SILENT -> null;
      case GARBAGE -> garbage(message, sim);
      case EQUIVOCATE -> equivocate(message);
      case LIAR -> lie(message, sim);
      case REPLAY -> sent.isEmpty() ? equivocate(message) : sent.get(sim.random.nextInt(sent.size()));
      case ENDLESS -> endless(message, sim);
    };
    answer(to, from, answer, sim);
  }

  private void answer(Address self, Address to, SimMessage answer, Simulation sim) {
    if (answer != null) {
      sent.add(answer);
      if (sent.size() > 1000) {
        sent.remove(0);
      }
      sim.send(self, to, answer);
    }
  }

  /** Votes for any order that decodes, of any kind, conflicting and refused ones included. */
  private SimMessage equivocate(SimMessage message) {
    if (message instanceof SimMessage.Order order) {
      try {
        Order decoded = SignedOrder.decode(order.signedOrder()).order();
        return new SimMessage.Vote(order.request(), authority, Vote.sign(decoded, key).encode());
      } catch (ProtocolException e) {
        return null;
      }
    }
    if (message instanceof SimMessage.Confirm confirm) {
      try {
        return new SimMessage.ConfirmAck(confirm.request(), authority, Certificate.decode(confirm.certificate()).key(), 0);
      } catch (ProtocolException e) {
        return null;
      }
    }
    return null;
  }

  private SimMessage garbage(SimMessage message, Simulation sim) {
    byte[] noise = noise(sim);
    return switch (message) {
      case SimMessage.Order o -> new SimMessage.Vote(o.request(), authority, noise);
      case SimMessage.Info info -> new SimMessage.InfoReply(info.request(), authority, info.account(), info.receivedFrom(), List.of(noise),
          info.receivedFrom() + 1, noise, sim.random.nextLong(1000), noise);
      default -> null;
    };
  }

  private static byte[] noise(Simulation sim) {
    byte[] noise = new byte[sim.random.nextInt(300)];
    sim.random.nextBytes(noise);
    return noise;
  }

  /** A received stream with always one more full page, or one that has just been emptied. */
  private SimMessage endless(SimMessage message, Simulation sim) {
    if (!(message instanceof SimMessage.Info info) || info.certificateAt() >= 0 || info.limit() <= 0) {
      return equivocate(message);
    }
    if (sim.random.nextBoolean()) {
      return new SimMessage.InfoReply(info.request(), authority, info.account(), info.receivedFrom(), List.of(), 0, null, 0, null);
    }
    byte[] forged = forgedCertificate(new AccountId(KeyPair.generate(sim.random).publicKey()), info.account(), sim).encode();
    return new SimMessage.InfoReply(info.request(), authority, info.account(), info.receivedFrom(),
        java.util.Collections.nCopies(info.limit(), forged), info.receivedFrom() + info.limit() + 1, null, 0, null);
  }

  /** Offers a forged certificate paying the asker, truncated bytes, and positions that jump around. */
  private SimMessage lie(SimMessage message, Simulation sim) {
    if (!(message instanceof SimMessage.Info info)) {
      return equivocate(message);
    }
    byte[] forged = forgedCertificate(new AccountId(KeyPair.generate(sim.random).publicKey()), info.account(), sim).encode();
    byte[] truncated = Arrays.copyOf(forged, forged.length / 2);
    long total = sim.random.nextBoolean() ? 0 : info.receivedFrom() + 1 + sim.random.nextInt(100);
    return new SimMessage.InfoReply(info.request(), authority, info.account(), info.receivedFrom(), List.of(forged, truncated), total,
        forged,
        sim.random.nextLong(100), forged);
  }

  /** A certificate of {@code sender} paying {@code recipient}: its own vote and strangers' make the quorum's count. */
  private Certificate forgedCertificate(AccountId sender, AccountId recipient, Simulation sim) {
    TransferOrder gift = new TransferOrder(network, sender, new Recipient.Account(recipient), new AssetId("QPC"),
        new Amount(1_000_000), SequenceNumber.ZERO, UserData.EMPTY);
    List<VoteSignature> votes = new ArrayList<>();
    votes.add(Vote.sign(gift, key).toSignature());
    for (int i = 0; i < 2; i++) {
      votes.add(Vote.sign(gift, KeyPair.generate(sim.random)).toSignature());
    }
    votes.sort(Comparator.comparing(VoteSignature::authority));
    return new Certificate(gift, votes);
  }

  // ---- catch-up ----------------------------------------------------------------------------

  /** What it answers a peer that reads its applied log. */
  private SimMessage lieAboutLog(SimMessage.LogRequest request, Simulation sim) {
    long from = request.from();
    return switch (kind) {
      case SILENT -> null;
      // A log that never ends: always a full page of the same forged certificate, and more to come.
      case ENDLESS -> new SimMessage.LogReply(request.requestId(), java.util.Collections.nCopies(Math.max(0, request.limit()),
          forgedCertificate(new AccountId(KeyPair.generate(sim.random).publicKey()),
              new AccountId(KeyPair.generate(sim.random).publicKey()), sim).encode()), from + request.limit() + 1);
      case GARBAGE -> new SimMessage.LogReply(request.requestId(), List.of(noise(sim), noise(sim)), sim.random.nextLong());
      case REPLAY -> sent.isEmpty() ? null : sent.get(sim.random.nextInt(sent.size()));
      case EQUIVOCATE -> {
        // Certificates it saw, in the order it saw them, whatever shard they belong to: a log that is not one.
        int start = (int) Math.min(from, seen.size());
        List<byte[]> page = seen.subList(start, Math.min(seen.size(), start + request.limit())).stream()
            .map(Certificate::encode).toList();
        yield new SimMessage.LogReply(request.requestId(), page, seen.size());
      }
      case LIAR -> {
        byte[] forged = seen.isEmpty() || sim.random.nextBoolean()
            ? forgedCertificate(new AccountId(KeyPair.generate(sim.random).publicKey()),
                new AccountId(KeyPair.generate(sim.random).publicKey()), sim).encode()
            : forge(seen.get(sim.random.nextInt(seen.size())), sim).encode();
        yield switch (sim.random.nextInt(6)) {
          // A forged certificate ahead of genuine ones: nothing after it is trusted.
          case 0 -> new SimMessage.LogReply(request.requestId(), withGenuine(forged, sim), from + 1 + sim.random.nextInt(1000));
          // Truncated bytes.
          case 1 -> new SimMessage.LogReply(request.requestId(), List.of(Arrays.copyOf(forged, forged.length / 2)), from + 1);
          // A total below the page's end.
          case 2 -> new SimMessage.LogReply(request.requestId(), List.of(forged, forged), sim.random.nextLong(from + 2));
          // A total that jumps far ahead with nothing to show.
          case 3 -> new SimMessage.LogReply(request.requestId(), List.of(), from + 1_000_000 + sim.random.nextLong(1L << 40));
          // More entries than asked for.
          case 4 -> new SimMessage.LogReply(request.requestId(), Collections.nCopies(request.limit() + 1, forged),
              from + request.limit() + 1);
          // Genuine certificates out of order, a forged one among them.
          default -> {
            List<byte[]> page = new ArrayList<>(withGenuine(forged, sim));
            Collections.reverse(page);
            yield new SimMessage.LogReply(request.requestId(), page, from + page.size());
          }
        };
      }
    };
  }

  private List<byte[]> withGenuine(byte[] forged, Simulation sim) {
    List<byte[]> page = new ArrayList<>();
    page.add(forged);
    for (int i = 0; i < 3 && !seen.isEmpty(); i++) {
      page.add(seen.get(sim.random.nextInt(seen.size())).encode());
    }
    return page;
  }

  /** A genuine certificate with an amount raised: the votes no longer match the order. */
  private Certificate forge(Certificate genuine, Simulation sim) {
    Amount more = new Amount(1 + sim.random.nextInt(1000));
    Order raised = switch (genuine.order()) {
      case TransferOrder order -> new TransferOrder(order.network(), order.sender(), order.recipient(), order.asset(),
          new Amount(order.amount().units() + more.units()), order.sequenceNumber(), order.userData());
      case ChannelOpen open -> new ChannelOpen(open.network(), open.sender(), open.sequenceNumber(), open.authorizer(),
          open.recipient(), open.asset(), new Amount(open.value().units() + more.units()), open.expiration(), open.group());
      case ChannelFund fund -> new ChannelFund(fund.network(), fund.sender(), fund.sequenceNumber(), fund.channel(),
          new Amount(fund.added().units() + more.units()), fund.expiration());
      case ChannelClaim claim -> new ChannelClaim(claim.network(), claim.claimer(), claim.channelSender(), claim.channel(),
          claim.nonce(), claim.asset(), new Amount(claim.planned().units() + more.units()), claim.authorizer(),
          claim.authorization(), new Amount(claim.paid().units() + more.units()), claim.returned());
      case ChannelRefund refund -> new ChannelRefund(refund.network(), refund.sender(), refund.channel(), refund.nonce(),
          refund.asset(), new Amount(refund.amount().units() + more.units()));
    };
    return new Certificate(raised, genuine.votes());
  }

  // ---- cross-shard credits -----------------------------------------------------------------

  /** Sends one batch of credits to a shard of another authority. */
  private void forgeCredits(Address self, Simulation sim) {
    int target = (authority + 1 + sim.random.nextInt(authorities - 1)) % authorities;
    Overheard genuine = overheard.isEmpty() ? null : overheard.get(sim.random.nextInt(overheard.size()));
    switch (sim.random.nextInt(6)) {
      case 0 -> {
        // Credits for certificates it holds, numbered from a guess, sealed with its own sibling key.
        List<Certificate> payments = seen.stream()
            .filter(c -> c.order() instanceof TransferOrder order && order.recipient() instanceof Recipient.Account).toList();
        if (payments.isEmpty()) {
          junk(self, target, sim);
          return;
        }
        Certificate certificate = payments.get(sim.random.nextInt(payments.size()));
        int source = assignment.shardOf(certificate.order().home());
        int dest = assignment.shardOf(((Recipient.Account) ((TransferOrder) certificate.order()).recipient()).id());
        List<byte[]> credits = new ArrayList<>();
        long index = sim.random.nextInt(40);
        credits.add(new CrossShardCredit(source, dest, index, certificate).encode());
        if (sim.random.nextBoolean()) {
          credits.add(new CrossShardCredit(source, dest, index + 1, certificate).encode()); // and once more
        }
        sendForged(self, Address.shard(target, dest), credits, sim);
      }
      case 1 -> {
        // An overheard batch under new indices, sealed again with its own key.
        if (genuine == null) {
          junk(self, target, sim);
          return;
        }
        long shift = 1 + sim.random.nextInt(100);
        List<byte[]> credits = new ArrayList<>();
        for (byte[] bytes : genuine.batch().credits()) {
          try {
            CrossShardCredit credit = CrossShardCredit.decode(bytes);
            credits.add(new CrossShardCredit(credit.sourceShard(), credit.destShard(), credit.index() + shift,
                credit.certificate()).encode());
          } catch (ProtocolException e) {
            return;
          }
        }
        sendForged(self, genuine.to(), credits, sim);
      }
      case 2 -> {
        // An overheard batch, as it is, to the same shard of another authority: the seal is not that one's.
        if (genuine == null || genuine.to().index() == target) {
          junk(self, target, sim);
          return;
        }
        sim.send(self, Address.shard(target, genuine.to().shard()), genuine.batch());
      }
      case 3 -> {
        // An overheard batch replayed to where it went: its seal checks, and it must change nothing more.
        if (genuine == null) {
          junk(self, target, sim);
          return;
        }
        sim.send(self, genuine.to(), genuine.batch());
      }
      case 4 -> {
        // An overheard batch with one bit flipped.
        if (genuine == null) {
          junk(self, target, sim);
          return;
        }
        List<byte[]> credits = new ArrayList<>(genuine.batch().credits());
        byte[] seal = genuine.batch().seal().clone();
        if (sim.random.nextBoolean()) {
          seal[sim.random.nextInt(seal.length)] ^= 1;
        } else {
          int i = sim.random.nextInt(credits.size());
          byte[] flipped = credits.get(i).clone();
          flipped[sim.random.nextInt(flipped.length)] ^= (byte) (1 << sim.random.nextInt(8));
          credits.set(i, flipped);
        }
        sim.send(self, genuine.to(), new SimMessage.SealedCredits(genuine.batch().dest(), credits, seal));
      }
      default -> junk(self, target, sim);
    }
  }

  /** Malformed batches: no credits, too many, no seal, random bytes under its own seal. */
  private void junk(Address self, int target, Simulation sim) {
    int dest = sim.random.nextInt(assignment.shardCount());
    Address to = Address.shard(target, dest);
    switch (sim.random.nextInt(4)) {
      case 0 -> sim.send(self, to, new SimMessage.SealedCredits(dest, List.of(), ownSeal.seal(network, 0, dest, List.of())));
      case 1 -> {
        List<byte[]> many = Collections.nCopies(ShardRequests.MAX_CREDITS + 1, noise(sim));
        sim.send(self, to, new SimMessage.SealedCredits(dest, many, ownSeal.seal(network, 0, dest, many)));
      }
      case 2 -> sim.send(self, to, new SimMessage.SealedCredits(dest, List.of(noise(sim)), new byte[0]));
      default -> sendForged(self, to, List.of(noise(sim)), sim);
    }
  }

  private void sendForged(Address self, Address to, List<byte[]> credits, Simulation sim) {
    sim.send(self, to, new SimMessage.SealedCredits(to.shard(), credits, ownSeal.seal(network, 0, to.shard(), credits)));
  }
}
