package io.quorumpay.channels.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.quorumpay.channels.Fixture;
import io.quorumpay.client.PayKitException;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.SequenceNumber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The directory's own bounds on announced channels (HIGH 1 and 2 of the channels review). */
class CommitteeChannelDirectoryTest {

  @Test
  void aFailedLookupIsRememberedPerSenderAndConcurrentAnnouncementsShareOneRead() throws Exception {
    Fixture f = new Fixture(21);
    AtomicInteger reads = new AtomicInteger();
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CommitteeChannelDirectory.ChannelSource source = (id, sender) -> {
      reads.incrementAndGet();
      reading.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new PayKitException(PayKitException.Kind.REFUSED, "no open certificate", new ProtocolError.UnknownChannel(id, "none"), null);
    };
    AccountId buyer = new AccountId(f.buyer.publicKey());
    try (CommitteeChannelDirectory directory = CommitteeChannelDirectory.start(source, Duration.ofHours(1));
        ExecutorService calls = Executors.newFixedThreadPool(8)) {
      List<Future<Boolean>> found = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        found.add(calls.submit(() -> directory.discover(f.channel, buyer).isPresent()));
      }
      assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
      release.countDown();
      for (Future<Boolean> call : found) {
        assertThat(call.get(10, TimeUnit.SECONDS)).isFalse();
      }
      assertThat(reads).hasValue(1);
      // The same junk announcement again: answered from memory, no read.
      assertThat(directory.discover(f.channel, buyer)).isEmpty();
      assertThat(reads).hasValue(1);
      // Another sender for the same id is another announcement.
      assertThat(directory.discover(f.channel, new AccountId(KeyPair.generate(new Random(3)).publicKey()))).isEmpty();
      assertThat(reads).hasValue(2);
    }
  }

  @Test
  void theWatchedBoundHoldsAndExpiredSettledChannelsAreRetired() {
    Fixture f = new Fixture(22);
    AccountId buyer = new AccountId(f.buyer.publicKey());
    ChannelId other = ChannelId.of(f.network, buyer, new SequenceNumber(7_777));
    CommitteeChannelDirectory.ChannelSource never = (id, sender) -> {
      throw new AssertionError("no read expected");
    };
    try (CommitteeChannelDirectory directory = CommitteeChannelDirectory.start(never, Duration.ofHours(1),
        CommitteeChannelDirectory.Limits.watching(1))) {
      assertThat(directory.adopt(f.view(f.channel, 100, 0, 500, f.group))).isTrue();
      assertThat(directory.adopt(f.view(other, 100, 0, 500, f.group))).isFalse();
      assertThat(directory.channel(other)).isEmpty();
      // Not expired yet, or expired with something left to claim: kept.
      directory.retire(400, id -> true);
      directory.retire(600, id -> false);
      assertThat(directory.channel(f.channel)).isPresent();
      // Expired and settled: dropped, which makes room again.
      directory.retire(600, id -> true);
      assertThat(directory.channel(f.channel)).isEmpty();
      assertThat(directory.adopt(f.view(other, 100, 0, 500, f.group))).isTrue();
    }
  }
}
