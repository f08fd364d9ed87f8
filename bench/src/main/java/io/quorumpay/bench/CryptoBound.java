package io.quorumpay.bench;

import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.crypto.PublicKey;
import io.quorumpay.core.crypto.Signature;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * How fast Ed25519 signs and verifies on these cores, and what that allows: one payment costs an
 * authority one verify (the order), one sign (its vote), and one verify per vote of the
 * certificate (a quorum of them). That is the bound the targets use (FastPay's count); an
 * authority that recognises its own vote without verifying it needs one verify less.
 */
record CryptoBound(int threads, double signsPerSecond, double verifiesPerSecond, int certificateVotes) {
  private static final int INPUTS = 1024;

  /** Payments per second an authority could do if signatures were all it did. */
  double paymentsPerSecond() {
    return 1 / (1 / signsPerSecond + (1 + certificateVotes) / verifiesPerSecond);
  }

  /** The same, for an authority that does not verify its own vote in a certificate. */
  double paymentsPerSecondWithoutOwnVote() {
    return 1 / (1 / signsPerSecond + certificateVotes / verifiesPerSecond);
  }

  /**
   * Measures over {@value #INPUTS} different keys and messages, as an authority sees them: the same
   * signature checked again and again can run faster (its data-dependent branches are learnt; 53
   * instead of 58 µs per verify on one thread here), which would overstate the bound.
   */
  static CryptoBound measure(int threads, double seconds, int certificateVotes) throws Exception {
    SecureRandom random = new SecureRandom();
    KeyPair[] keys = new KeyPair[INPUTS];
    PublicKey[] publicKeys = new PublicKey[INPUTS];
    byte[][] messages = new byte[INPUTS][185];
    Signature[] signatures = new Signature[INPUTS];
    for (int i = 0; i < INPUTS; i++) {
      keys[i] = KeyPair.generate(random);
      publicKeys[i] = keys[i].publicKey();
      random.nextBytes(messages[i]);
      signatures[i] = keys[i].sign(messages[i]);
    }
    IntConsumer sign = i -> keys[i].sign(messages[i]);
    IntConsumer verify = i -> publicKeys[i].verifies(messages[i], signatures[i]);
    // Warm up the JIT before measuring.
    rate(threads, 1, sign);
    rate(threads, 1, verify);
    return new CryptoBound(threads, rate(threads, seconds, sign), rate(threads, seconds, verify), certificateVotes);
  }

  /** Operations per second over {@code threads} threads running {@code operation} on input after input for {@code seconds}. */
  static double rate(int threads, double seconds, IntConsumer operation) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long end = System.nanoTime() + (long) (seconds * 1e9);
    List<Future<Long>> counts = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      counts.add(pool.submit(() -> {
        long n = 0;
        while (System.nanoTime() < end) {
          operation.accept((int) (n++ % INPUTS));
        }
        return n;
      }));
    }
    long total = 0;
    for (Future<Long> count : counts) {
      total += count.get();
    }
    pool.shutdown();
    return total / ((System.nanoTime() - start) / 1e9);
  }
}
