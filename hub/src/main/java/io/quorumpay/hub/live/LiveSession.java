package io.quorumpay.hub.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quorumpay.hub.error.HubError;
import io.quorumpay.hub.error.HubException;
import io.quorumpay.hub.http.JsonBodies;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live connection: its subscriptions with their cursors, and one virtual thread that owns
 * them and is the only one that writes to the client. It handles the client's requests in order,
 * then reads each subscription's next page of the {@link EventLog} after its cursor and sends it;
 * it sleeps when every subscription is caught up, until the {@link LiveSignal} (or a request, or a
 * second) wakes it. Backlog and live events are the same reads, so nothing falls between them.
 * A client that does not take its messages (more than {@link Limits#maxUnsent} unsent) is
 * disconnected with a close reason that says from which cursor to resume.
 */
final class LiveSession {
  private static final Logger LOG = LoggerFactory.getLogger(LiveSession.class);

  /** Per-connection bounds: subscriptions, requests waiting, messages written but not yet sent, rows per read. */
  record Limits(int maxSubscriptions, int maxQueuedRequests, int maxUnsent, int page) {
    static final Limits DEFAULT = new Limits(16, 32, 256, 100);
  }

  /** Where the session's messages go: an asynchronous text send that reports when it is done, and close. */
  interface Outbox {
    void send(String text, Runnable done);

    void close(int code, String reason);
  }

  /** WebSocket close code 1008 (policy violation) for a client that fell too far behind. */
  static final int CLOSE_TOO_SLOW = 1008;
  /** WebSocket close code 1013 (try again later) for a hub at its connection limit. */
  static final int CLOSE_FULL = 1013;

  private final EventLog log;
  private final LiveSignal signal;
  private final Outbox outbox;
  private final Limits limits;
  private final BlockingQueue<String> requests;
  private final AtomicInteger unsent = new AtomicInteger();
  private final AtomicBoolean open = new AtomicBoolean(true);
  private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
  private final Runnable wake = this::wake;
  private volatile Thread thread;
  private volatile boolean woken;
  private boolean failing;

  private static final class Subscription {
    final Target target;
    long cursor;

    Subscription(Target target, long cursor) {
      this.target = target;
      this.cursor = cursor;
    }
  }

  LiveSession(EventLog log, LiveSignal signal, Outbox outbox, Limits limits) {
    this.log = log;
    this.signal = signal;
    this.outbox = outbox;
    this.limits = limits;
    this.requests = new ArrayBlockingQueue<>(limits.maxQueuedRequests());
  }

  void start(String name) {
    signal.listen(wake);
    thread = Thread.ofVirtual().name("hub-live-" + name).start(this::run);
  }

  /** A text message from the client; a client that floods requests is disconnected. */
  void received(String text) {
    if (!requests.offer(text)) {
      stop(CLOSE_TOO_SLOW, "too many requests waiting; send one at a time");
      return;
    }
    wake();
  }

  /** The connection closed (either side). */
  void closed() {
    open.set(false);
    signal.forget(wake);
    wake();
  }

  private void wake() {
    woken = true;
    Thread running = thread;
    if (running != null) {
      LockSupport.unpark(running);
    }
  }

  private void run() {
    while (open.get()) {
      woken = false;
      String request;
      int handled = 0;
      while (handled < limits.maxQueuedRequests() && (request = requests.poll()) != null) {
        handle(request);
        handled++;
      }
      boolean more = false;
      try {
        for (Subscription subscription : subscriptions.values()) {
          more |= pump(subscription);
          if (!open.get()) {
            return;
          }
        }
        failing = false;
      } catch (SQLException | RuntimeException e) {
        // Said once per outage; the cursors stay where they were, so the retries lose nothing.
        if (!failing) {
          LOG.warn("live events could not be read, retrying: {}", e.getMessage());
          reply(new LiveReply.Error(new HubException(new HubError.DatabaseUnavailable("the event log cannot be read; retrying"))
              .body()));
          failing = true;
        }
        more = false;
      }
      if (!more && !woken && requests.isEmpty()) {
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
      }
    }
  }

  private void handle(String text) {
    try {
      switch (LiveRequest.parse(text)) {
        case LiveRequest.Subscribe subscribe -> subscribe(subscribe);
        case LiveRequest.Unsubscribe unsubscribe -> {
          if (subscriptions.remove(unsubscribe.target().name()) == null) {
            throw new HubException(new HubError.NotSubscribed(unsubscribe.target().name()));
          }
          reply(new LiveReply.Unsubscribed(unsubscribe.target().name()));
        }
        case LiveRequest.Ping ping -> reply(new LiveReply.Pong(ping.id()));
      }
    } catch (HubException e) {
      reply(new LiveReply.Error(e.body()));
    } catch (RuntimeException e) {
      LOG.error("a live request failed", e);
      reply(new LiveReply.Error(new HubException(new HubError.Internal()).body()));
    } catch (SQLException e) {
      LOG.warn("a subscription could not start: {}", e.getMessage());
      reply(new LiveReply.Error(new HubException(new HubError.DatabaseUnavailable("the event log cannot be read; retry")).body()));
    }
  }

  private void subscribe(LiveRequest.Subscribe subscribe) throws SQLException {
    String name = subscribe.target().name();
    if (subscriptions.containsKey(name)) {
      throw new HubException(new HubError.AlreadySubscribed(name));
    }
    if (subscriptions.size() >= limits.maxSubscriptions()) {
      throw new HubException(new HubError.TooManySubscriptions(limits.maxSubscriptions()));
    }
    long cursor = subscribe.since().isPresent() ? subscribe.since().getAsLong() : log.head();
    subscriptions.put(name, new Subscription(subscribe.target(), cursor));
    reply(new LiveReply.Subscribed(name, cursor));
  }

  /** Sends the subscription's next page; true when there may be more right away. */
  private boolean pump(Subscription subscription) throws SQLException {
    List<LogRow> rows = switch (subscription.target) {
      case Target.Account account -> log.accountAfter(account.id().hex(), subscription.cursor, limits.page());
      case Target.Network network -> log.allAfter(subscription.cursor, limits.page());
    };
    for (LogRow row : rows) {
      LiveReply.Event.of(subscription.target, row).ifPresent(this::reply);
      subscription.cursor = row.id();
      if (unsent.get() > limits.maxUnsent()) {
        stop(CLOSE_TOO_SLOW, "too slow: over " + limits.maxUnsent() + " messages unsent; resubscribe with since = your last cursor");
        return false;
      }
    }
    return rows.size() == limits.page();
  }

  private void reply(LiveReply reply) {
    if (!open.get()) {
      return;
    }
    String text;
    try {
      text = JsonBodies.MAPPER.writeValueAsString(reply);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a live reply did not serialize", e);
    }
    unsent.incrementAndGet();
    outbox.send(text, unsent::decrementAndGet);
  }

  private void stop(int code, String reason) {
    if (open.compareAndSet(true, false)) {
      signal.forget(wake);
      outbox.close(code, reason);
    }
    wake();
  }
}
