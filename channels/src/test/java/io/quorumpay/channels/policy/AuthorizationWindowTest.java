package io.quorumpay.channels.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quorumpay.channels.policy.AuthorizationWindow.Step;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AuthorizationWindowTest {

  @Test
  void windowZeroSignsEachCallExactly() {
    AuthorizationWindow exact = new AuthorizationWindow(0);
    assertThat(exact.next(0, 0, 10, 1_000)).isEqualTo(new Step.Sign(10));
    assertThat(exact.next(10, 10, 10, 1_000)).isEqualTo(new Step.Sign(20));
    // An authorization sent for a call the seller refused still covers the next one.
    assertThat(exact.next(20, 10, 10, 1_000)).isEqualTo(new Step.Covered());
  }

  @Test
  void signsAWindowAheadOnlyWhenLessThanHalfWouldRemain() {
    AuthorizationWindow window = new AuthorizationWindow(100);
    assertThat(window.next(0, 0, 10, 10_000)).isEqualTo(new Step.Sign(110));
    assertThat(window.next(110, 10, 10, 10_000)).isEqualTo(new Step.Covered()); // 90 left
    assertThat(window.next(110, 50, 10, 10_000)).isEqualTo(new Step.Covered()); // exactly half left
    assertThat(window.next(110, 51, 10, 10_000)).isEqualTo(new Step.Sign(161)); // 49 left: sign ahead
    assertThat(window.next(110, 105, 10, 10_000)).isEqualTo(new Step.Sign(215)); // not covered at all
  }

  @Test
  void neverSignsBeyondTheValueUnlessTheCallNeedsIt() {
    AuthorizationWindow window = new AuthorizationWindow(100);
    assertThat(window.next(0, 0, 10, 50)).isEqualTo(new Step.Sign(50));
    assertThat(window.next(50, 30, 10, 50)).isEqualTo(new Step.Covered()); // 10 left, but nothing more to sign
    assertThat(window.next(50, 45, 10, 50)).isEqualTo(new Step.Sign(55)); // the seller refuses it: add value first
  }

  @Test
  void refusesNegativeAmountsAndFreeCalls() {
    assertThatThrownBy(() -> new AuthorizationWindow(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AuthorizationWindow(5).next(0, 0, 0, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AuthorizationWindow(5).next(-1, 0, 1, 10)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBuyerFollowingTheRuleAlwaysHasEverySentCallCoveredAndNeverMoreThanAWindowAhead() {
    Random random = new Random(13);
    for (int run = 0; run < 200; run++) {
      long window = random.nextInt(500);
      long value = 1_000 + random.nextInt(100_000);
      AuthorizationWindow rule = new AuthorizationWindow(window);
      long authorized = 0;
      long spent = 0;
      int signatures = 0;
      for (int call = 0; call < 500; call++) {
        long price = 1 + random.nextInt(20);
        if (spent + price > value) {
          break;
        }
        switch (rule.next(authorized, spent, price, value)) {
          case Step.Covered c -> assertThat(authorized).isGreaterThanOrEqualTo(spent + price);
          case Step.Sign s -> {
            assertThat(s.amount()).isGreaterThan(authorized).isGreaterThanOrEqualTo(spent + price)
                .isLessThanOrEqualTo(Math.min(value, spent + price + window));
            authorized = s.amount();
            signatures++;
          }
        }
        spent += price;
        assertThat(authorized - spent).isBetween(0L, window);
      }
      if (window >= 40) {
        assertThat(signatures).isLessThan(500 * 20 * 2 / (int) window + 2);
      }
    }
  }
}
