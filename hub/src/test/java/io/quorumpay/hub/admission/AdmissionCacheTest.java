package io.quorumpay.hub.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What admission reuses from the database, for how long, and what a write drops. */
class AdmissionCacheTest {
  private static final long STALE = AdmissionCache.STALENESS.toNanos();
  private static final AdmissionStore.Standing CLEAR = new AdmissionStore.Standing(false, Optional.of(1));
  private static final AdmissionStore.Standing BARRED = new AdmissionStore.Standing(true, Optional.of(1));

  private final AdmissionCache cache = new AdmissionCache();
  private final AtomicInteger reads = new AtomicInteger();

  private AdmissionStore.Standing standing(String account, long now, AdmissionStore.Standing inDatabase) throws Exception {
    return cache.standing(account, now, () -> {
      reads.incrementAndGet();
      return inDatabase;
    });
  }

  @Test
  void anAccountIsReadOncePerStalenessBound() throws Exception {
    assertThat(standing("a", 0, CLEAR)).isEqualTo(CLEAR);
    // Within the bound the database is not asked again, even if it changed meanwhile (another hub's write).
    assertThat(standing("a", STALE - 1, BARRED)).isEqualTo(CLEAR);
    assertThat(reads).hasValue(1);
    assertThat(standing("a", STALE, BARRED)).isEqualTo(BARRED);
    assertThat(standing("b", STALE, CLEAR)).isEqualTo(CLEAR);
    assertThat(reads).hasValue(3);
  }

  @Test
  void aWriteCountsFromTheNextRead() throws Exception {
    standing("a", 0, CLEAR);
    cache.forget();
    assertThat(standing("a", 1, BARRED)).isEqualTo(BARRED);
    assertThat(reads).hasValue(2);
  }

  @Test
  void aReadThatBeganBeforeAWriteIsNotKept() throws Exception {
    // The read sees the database as it was; the bar commits and the cache forgets while it runs.
    AdmissionStore.Standing seen = cache.standing("a", 0, () -> {
      cache.forget();
      return CLEAR;
    });
    assertThat(seen).isEqualTo(CLEAR);
    assertThat(standing("a", 1, BARRED)).isEqualTo(BARRED);
  }

  @Test
  void termsAreReadOncePerStalenessBoundAndDroppedByAWrite() throws Exception {
    Terms first = new Terms(1, "Be nice.", Instant.EPOCH, Instant.EPOCH);
    Terms second = new Terms(2, "Be nicer.", Instant.EPOCH, Instant.EPOCH);
    assertThat(cache.terms(0, Optional::empty)).isEmpty();
    assertThat(cache.terms(STALE - 1, () -> Optional.of(first))).isEmpty();
    assertThat(cache.terms(STALE, () -> Optional.of(first))).contains(first);
    cache.forget();
    assertThat(cache.terms(STALE + 1, () -> Optional.of(second))).contains(second);
  }
}
