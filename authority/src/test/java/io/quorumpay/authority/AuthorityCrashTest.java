package io.quorumpay.authority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.api.primary.RemotePrimaryChain;
import io.quorumpay.authority.local.FreePorts;
import io.quorumpay.authority.local.LocalNetwork;
import io.quorumpay.authority.local.NodeProcess;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.OrderKey;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.core.types.UserData;
import io.quorumpay.primary.DevChain;
import io.quorumpay.primary.PrimaryConfig;
import io.quorumpay.primary.PrimaryNode;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four authorities as separate processes; one is killed with SIGKILL in the middle of a payment
 * load and restarted. It must lose no acknowledged confirmation, never contradict a vote it gave,
 * and, once synced, agree with the others: every cross-shard credit arrived and money is conserved.
 */
class AuthorityCrashTest {
  static final AssetId QPC = new AssetId("QPC");
  static final int VICTIM = 1;
  static final Duration SETTLE = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  final List<NodeProcess> processes = new ArrayList<>(Collections.nCopies(4, null));
  LocalNetwork.Layout layout;
  PrimaryNode primary;

  NodeProcess launch(int authority) throws IOException {
    return NodeProcess.authority("authority-" + authority, layout.authorityFiles().get(authority),
        dir.resolve("authority-" + authority + ".log")).start();
  }

  @AfterEach
  void stopAll() {
    processes.stream().filter(java.util.Objects::nonNull).forEach(NodeProcess::close);
    if (primary != null) {
      primary.close();
    }
  }

  @Test
  void aKilledAuthorityLosesNothingAndContradictsNothing() throws Exception {
    layout = LocalNetwork.init(dir.resolve("net"), "crash-test", 4, 2, false, FreePorts::next);
    CommitteeFile committee = CommitteeFile.read(layout.committeeFile());
    PrimaryConfig primaryConfig = PrimaryConfig.read(layout.primaryFile());
    primary = PrimaryNode.start(committee.committee(), primaryConfig.dataDir(), primaryConfig.listen(), Duration.ofMillis(50),
        InsecureServerCredentials.create());
    for (int a = 0; a < 4; a++) {
      processes.set(a, launch(a));
    }
    try (TestClient client = new TestClient(committee);
        RemotePrimaryChain chain = new RemotePrimaryChain(
            Grpc.newChannelBuilder(layout.primaryEndpoint(), InsecureChannelCredentials.create()).build())) {
      for (int a = 0; a < 4; a++) {
        int authority = a;
        Eventually.within(SETTLE, () -> assertThat(client.healthy(authority)).as("authority %d up", authority).isTrue());
      }

      SecureRandom random = new SecureRandom();
      List<KeyPair> users = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        users.add(KeyPair.generate(random));
        chain.deposit(DevChain.faucetAddress(), new AccountId(users.get(i).publicKey()), QPC, new Amount(10_000));
      }
      for (int a = 0; a < 4; a++) {
        int authority = a;
        Eventually.within(SETTLE, () -> {
          for (KeyPair user : users) {
            assertThat(client.balance(authority, new AccountId(user.publicKey()), QPC)).isEqualTo(10_000);
          }
        });
      }

      // Load: four threads, two senders each, paying random users until told to stop.
      Map<OrderKey, Vote> victimVotes = new ConcurrentHashMap<>();
      Set<OrderKey> victimAcknowledged = ConcurrentHashMap.newKeySet();
      Map<OrderKey, Certificate> certificates = new ConcurrentHashMap<>();
      AtomicBoolean load = new AtomicBoolean(true);
      AtomicBoolean victimAlive = new AtomicBoolean(true);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        List<KeyPair> senders = users.subList(2 * t, 2 * t + 2);
        Random choice = new Random(t);
        threads.add(pool.submit(() -> {
          long[] next = new long[2];
          while (load.get()) {
            int s = choice.nextInt(2);
            KeyPair sender = senders.get(s);
            KeyPair to = users.get(choice.nextInt(users.size()));
            if (to == sender) {
              continue;
            }
            SignedOrder<TransferOrder> order = SignedOrder.sign(new TransferOrder(committee.committee().network(),
                new AccountId(sender.publicKey()), new Recipient.Account(new AccountId(to.publicKey())), QPC,
                new Amount(1 + choice.nextInt(50)), new SequenceNumber(next[s]), UserData.EMPTY), sender);
            try {
              if (victimAlive.get()) {
                try {
                  victimVotes.put(order.order().key(), client.vote(VICTIM, order));
                } catch (IOException | ProtocolException e) {
                  // The victim is being killed.
                }
              }
              Certificate certificate = client.certify(order).orElseThrow();
              certificates.put(certificate.key(), certificate);
              next[s]++;
              for (int a = 0; a < 4; a++) {
                try {
                  client.confirm(a, certificate);
                  if (a == VICTIM && victimAlive.get()) {
                    victimAcknowledged.add(certificate.key());
                  }
                } catch (IOException | ProtocolException e) {
                  // Down, or behind: the sync below catches it up.
                }
              }
            } catch (ProtocolException e) {
              throw new AssertionError(e);
            }
          }
          return null;
        }));
      }
      // Kill the victim in the middle of the load, and let the load go on without it for a while.
      Eventually.within(SETTLE, () -> assertThat(certificates).hasSizeGreaterThan(15));
      victimAlive.set(false);
      processes.get(VICTIM).kill();
      int atKill = certificates.size();
      Eventually.within(SETTLE, () -> assertThat(certificates).hasSizeGreaterThan(atKill + 10));
      load.set(false);
      for (Future<?> thread : threads) {
        thread.get(60, java.util.concurrent.TimeUnit.SECONDS); // a load thread's failure fails the test
      }
      pool.shutdown();
      // Acknowledgements that raced with the kill flag may be in the set: keep only those the victim gave before dying.
      assertThat(certificates).hasSizeGreaterThan(20);

      processes.set(VICTIM, launch(VICTIM));
      Eventually.within(SETTLE, () -> assertThat(client.healthy(VICTIM)).isTrue());

      // No acknowledged confirmation was lost.
      for (OrderKey key : victimAcknowledged) {
        long next = client.info(VICTIM, (AccountId) key.owner()).getNextSequenceNumber();
        assertThat(next).as("acknowledged %s survived", key).isGreaterThan(key.sequenceNumber().value());
      }
      // No vote contradicts an earlier one.
      for (Map.Entry<OrderKey, Vote> voted : victimVotes.entrySet()) {
        OrderKey key = voted.getKey();
        TransferOrder order = (TransferOrder) voted.getValue().order();
        long next = client.info(VICTIM, (AccountId) key.owner()).getNextSequenceNumber();
        if (next == key.sequenceNumber().value()) {
          KeyPair sender = users.stream().filter(u -> new AccountId(u.publicKey()).equals(key.owner())).findFirst().orElseThrow();
          TransferOrder other = new TransferOrder(order.network(), order.sender(), order.recipient(), order.asset(),
              new Amount(order.amount().units() + 1), order.sequenceNumber(), order.userData());
          ProtocolException conflict = catchThrowableOfType(ProtocolException.class,
              () -> client.vote(VICTIM, SignedOrder.sign(other, sender)));
          assertThat(conflict.error().code()).isEqualTo(io.quorumpay.core.error.ProtocolError.Code.CONFLICTING_ORDER);
          assertThat(client.vote(VICTIM, SignedOrder.sign(order, sender))).isEqualTo(voted.getValue());
        } else {
          Certificate applied = certificates.get(key);
          assertThat(applied.order()).as("the certificate at %s is for the order voted", key).isEqualTo(order);
        }
      }

      // Sync: every certificate to every authority, in sequence order per sender.
      List<Certificate> ordered = new ArrayList<>(certificates.values());
      ordered.sort((x, y) -> Long.compare(x.order().key().sequenceNumber().value(), y.order().key().sequenceNumber().value()));
      for (Certificate certificate : ordered) {
        for (int a = 0; a < 4; a++) {
          client.confirm(a, certificate);
        }
      }
      Map<AccountId, Long> expected = new HashMap<>();
      users.forEach(u -> expected.put(new AccountId(u.publicKey()), 10_000L));
      for (Certificate certificate : certificates.values()) {
        TransferOrder order = (TransferOrder) certificate.order();
        expected.merge(order.sender(), -order.amount().units(), Long::sum);
        expected.merge(((Recipient.Account) order.recipient()).id(), order.amount().units(), Long::sum);
      }
      for (int a = 0; a < 4; a++) {
        int authority = a;
        Eventually.within(SETTLE, () -> {
          long total = 0;
          for (Map.Entry<AccountId, Long> entry : expected.entrySet()) {
            long balance = client.balance(authority, entry.getKey(), QPC);
            assertThat(balance).as("authority %d, %s", authority, entry.getKey()).isEqualTo(entry.getValue());
            total += balance;
          }
          assertThat(total).isEqualTo(80_000);
        });
      }
    }
  }
}
