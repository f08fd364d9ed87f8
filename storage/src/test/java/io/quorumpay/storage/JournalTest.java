package io.quorumpay.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
  @TempDir
  Path dir;

  @Test
  void entriesSurviveReopeningInOrder() throws IOException {
    try (Journal journal = Journal.open(dir)) {
      for (int i = 0; i < 300; i++) {
        assertThat(journal.append(("entry " + i).getBytes(StandardCharsets.UTF_8))).isEqualTo(i);
      }
    }
    try (Journal journal = Journal.open(dir)) {
      assertThat(journal.size()).isEqualTo(300);
      List<String> entries = new ArrayList<>();
      journal.replay(bytes -> entries.add(new String(bytes, StandardCharsets.UTF_8)));
      assertThat(entries).hasSize(300).startsWith("entry 0", "entry 1").endsWith("entry 299");
      assertThat(journal.append(new byte[] {1})).isEqualTo(300);
    }
  }

  @Test
  void refusesToReplayAJournalItCannotReadInFull() throws IOException {
    try (Journal journal = Journal.open(dir)) {
      for (int i = 0; i < 5000; i++) {
        journal.append(("entry " + i).getBytes(StandardCharsets.UTF_8));
      }
    }
    Journal.open(dir).close(); // reopening moves the entries from the write-ahead log to a table file
    ShardStoreTest.corruptTheMiddleOfEachTableFile(dir);

    try (Journal journal = Journal.open(dir)) {
      assertThat(journal.size()).isEqualTo(5000);
      List<byte[]> entries = new ArrayList<>();
      assertThatThrownBy(() -> journal.replay(entries::add)).isInstanceOf(IOException.class)
          .hasMessageStartingWith("cannot read the journal: ").hasMessageContaining("checksum");
      assertThat(entries).hasSizeLessThan(5000);
    }
  }
}
