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

/**
 * How fast Ed25519 signs and verifies on these cores, and what that allows: one payment costs an
 * authority one verify (the order), one sign (its vote), and one verify per vote of the
 * certificate (a quorum of them). That is the bound the targets use (FastPay's count); an
 * authority that recognises its own vote without verifying it needs one verify less.
 */
record CryptoBound(int threads, double signsPerSecond, double verifiesPerSecond, int certificateVotes) {

  /** Payments per second an authority could do if signatures were all it did. */
  double paymentsPerSecond() {
    return 1 / (1 / signsPerSecond + (1 + certificateVotes) / verifiesPerSecond);
  }

  /** The same, for an authority that does not verify its own vote in a certificate. */
  double paymentsPerSecondWithoutOwnVote() {
    return 1 / (1 / signsPerSecond + certificateVotes / verifiesPerSecond);
  }

  static CryptoBound measure(int threads, double seconds, int certificateVotes) throws Exception {
    KeyPair key = KeyPair.generate(new SecureRandom());
    byte[] message = new byte[185];
    Signature signature = key.sign(message);
    PublicKey publicKey = key.publicKey();
    // Warm up the JIT before measuring.
    rate(threads, 1, () -> key.sign(message));
    rate(threads, 1, () -> publicKey.verifies(message, signature));
    double signs = rate(threads, seconds, () -> key.sign(message));
    double verifies = rate(threads, seconds, () -> publicKey.verifies(message, signature));
    return new CryptoBound(threads, signs, verifies, certificateVotes);
  }

  /** Operations per second over {@code threads} threads running {@code operation} for {@code seconds}. */
  static double rate(int threads, double seconds, Runnable operation) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long end = System.nanoTime() + (long) (seconds * 1e9);
    List<Future<Long>> counts = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      counts.add(pool.submit(() -> {
        long n = 0;
        while (System.nanoTime() < end) {
          operation.run();
          n++;
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
