package io.quorumpay.hub.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.hub.http.JsonBodies;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** One session's flow control, with an event log in memory and a client that takes its messages, or none. */
class LiveSessionTest {
  static final int ROWS = 300;

  /** Rows 1..ROWS, each a transfer paid by account "a". */
  static final EventLog LOG = new EventLog() {
    @Override
    public List<LogRow> accountAfter(String account, long cursor, int limit) {
      return allAfter(cursor, limit);
    }

    @Override
    public List<LogRow> allAfter(long cursor, int limit) {
      return LongStream.rangeClosed(cursor + 1, Math.min(ROWS, cursor + limit))
          .mapToObj(id -> new LogRow(id, "a", "out", "transfer", "b", "QPC", id, "a", id - 1, null, "2026-01-01T00:00:00Z"))
          .toList();
    }

    @Override
    public long head() {
      return ROWS;
    }
  };

  static final class Client implements LiveSession.Outbox {
    final boolean reads;
    final List<String> sent = new CopyOnWriteArrayList<>();
    final CountDownLatch closed = new CountDownLatch(1);
    volatile int closeCode;
    volatile String closeReason;

    Client(boolean reads) {
      this.reads = reads;
    }

    @Override
    public void send(String text, Runnable done) {
      sent.add(text);
      if (reads) {
        done.run();
      }
    }

    @Override
    public void close(int code, String reason) {
      closeCode = code;
      closeReason = reason;
      closed.countDown();
    }
  }

  @Test
  void aClientThatTakesNothingIsDisconnectedWithAReasonAfterTheLimit() throws Exception {
    Client client = new Client(false);
    LiveSession session = new LiveSession(LOG, new LiveSignal(), client, new LiveSession.Limits(16, 32, 5, 100, 20, 5, 20), System::nanoTime);
    session.start("slow");
    session.received("{\"type\":\"subscribe\",\"feed\":\"network\",\"since\":0}");
    assertThat(client.closed.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(client.closeCode).isEqualTo(LiveSession.CLOSE_TOO_SLOW);
    assertThat(client.closeReason).contains("too slow").contains("since").hasSizeLessThanOrEqualTo(123);
    // The subscribed reply and events up to just past the limit: the backlog was not pushed into memory.
    assertThat(client.sent).hasSizeLessThanOrEqualTo(1 + 6);
    session.closed();
  }

  @Test
  void aClientThatTakesItsMessagesGetsTheWholeBacklogInOrderAndStays() throws Exception {
    String account = new AccountId(KeyPair.generate(new java.util.Random(7)).publicKey()).hex();
    Client client = new Client(true);
    LiveSession session = new LiveSession(LOG, new LiveSignal(), client, new LiveSession.Limits(16, 32, 5, 100, 20, 5, 20), System::nanoTime);
    session.start("fast");
    session.received("{\"type\":\"subscribe\",\"account\":\"" + account + "\",\"since\":0}");
    session.received("{\"type\":\"ping\",\"id\":\"done?\"}");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (client.sent.size() < 2 + ROWS && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    session.closed();
    List<JsonNode> messages = new ArrayList<>();
    for (String text : client.sent) {
      messages.add(JsonBodies.MAPPER.readTree(text));
    }
    List<Long> cursors = messages.stream().filter(m -> m.path("type").asText().equals("event")).map(m -> m.path("cursor").asLong())
        .toList();
    assertThat(cursors).isEqualTo(LongStream.rangeClosed(1, ROWS).boxed().toList());
    assertThat(messages).extracting(m -> m.path("type").asText()).contains("subscribed", "pong");
    assertThat(client.closed.getCount()).isEqualTo(1);
  }

  /** Waits (at most 10 s) until the client was sent a message containing {@code text}. */
  static void awaitSent(Client client, String text) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (client.sent.stream().noneMatch(m -> m.contains(text)) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(client.sent).as("sent").anyMatch(m -> m.contains(text));
  }

  @Test
  void aClientOverTheMessageRateGetsATypedErrorThenIsDisconnected() throws Exception {
    Client client = new Client(true);
    // The clock stands still: no token comes back, so the burst of 3 is all this client gets.
    LiveSession session = new LiveSession(LOG, new LiveSignal(), client, new LiveSession.Limits(16, 32, 256, 100, 3, 1, 2), () -> 0L);
    session.start("chatty");
    for (int i = 0; i < 3; i++) {
      session.received("{\"type\":\"ping\",\"id\":\"p" + i + "\"}");
    }
    awaitSent(client, "\"p2\"");
    session.received("{\"type\":\"ping\",\"id\":\"dropped\"}");
    awaitSent(client, "RATE_LIMITED");
    assertThat(client.closed.getCount()).isEqualTo(1);
    session.received("{\"type\":\"ping\",\"id\":\"dropped too\"}");
    session.received("{\"type\":\"ping\",\"id\":\"one too many\"}");
    assertThat(client.closed.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(client.closeCode).isEqualTo(LiveSession.CLOSE_TOO_SLOW);
    assertThat(client.closeReason).contains("too many messages");
    assertThat(client.sent).noneMatch(m -> m.contains("dropped"));
    assertThat(client.sent.stream().filter(m -> m.contains("pong"))).hasSize(3);
    session.closed();
  }

  @Test
  void aCursorBeyondTheNewestEventIsRefused() throws Exception {
    Client client = new Client(true);
    LiveSession session = new LiveSession(LOG, new LiveSignal(), client, LiveSession.Limits.DEFAULT, System::nanoTime);
    session.start("from-elsewhere");
    session.received("{\"type\":\"subscribe\",\"feed\":\"network\",\"since\":" + (ROWS + 1) + "}");
    awaitSent(client, "BAD_PARAMETER");
    assertThat(client.sent.get(0)).contains("since").contains("beyond the newest event (" + ROWS + ")");
    // Nothing was subscribed: the same feed from the head is still accepted.
    session.received("{\"type\":\"subscribe\",\"feed\":\"network\",\"since\":" + ROWS + "}");
    awaitSent(client, "subscribed");
    session.closed();
  }
}
