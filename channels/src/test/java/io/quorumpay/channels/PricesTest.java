package io.quorumpay.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The prices file: what it accepts, what it refuses with a clear error, and reloading on change. */
class PricesTest {
  @TempDir Path dir;

  private Path write(String yaml) throws IOException {
    return Files.writeString(dir.resolve("prices.yaml"), yaml);
  }

  @Test
  void pricesPerMethodWithAnOptionalDefault() throws Exception {
    Prices prices = Prices.load(write("default: 2\nmethods:\n  /a.B/C: 10\n  /v1/free: 0\n"));
    assertThat(prices.price("/a.B/C")).isEqualTo(OptionalLong.of(10));
    assertThat(prices.price("/v1/free")).isEqualTo(OptionalLong.of(0));
    assertThat(prices.price("/other")).isEqualTo(OptionalLong.of(2));
    assertThat(Prices.load(write("methods:\n  /a.B/C: 10\n")).price("/other")).isEmpty();
  }

  @Test
  void aBadFileIsRefusedWithWhatIsWrong() throws Exception {
    assertThatThrownBy(() -> Prices.load(write("methods:\n  /a: -1\n"))).isInstanceOf(IOException.class).hasMessageContaining(">= 0");
    assertThatThrownBy(() -> Prices.load(write("methods:\n  a.B/C: 1\n"))).isInstanceOf(IOException.class).hasMessageContaining("start with /");
    assertThatThrownBy(() -> Prices.load(write("methds:\n  /a: 1\n"))).isInstanceOf(IOException.class).hasMessageContaining("methds");
    assertThatThrownBy(() -> Prices.load(write("methods:\n  /a: lots\n"))).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> Prices.load(write(""))).isInstanceOf(IOException.class).hasMessageContaining("empty");
  }

  @Test
  void theWatcherReloadsAChangedFile() throws Exception {
    Path file = write("methods:\n  /a: 1\n");
    try (PriceFile prices = PriceFile.open(file).watch()) {
      assertThat(prices.price("/a")).isEqualTo(OptionalLong.of(1));
      write("methods:\n  /a: 7\n");
      Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
      for (int i = 0; i < 50 && prices.price("/a").getAsLong() != 7; i++) {
        Thread.sleep(100);
      }
      assertThat(prices.price("/a")).isEqualTo(OptionalLong.of(7));
    }
  }
}
