package io.quorumpay.hub.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quorumpay.hub.error.HubError;
import io.quorumpay.hub.error.HubException;
import io.quorumpay.hub.http.JsonBodies;
import io.quorumpay.hub.http.TokenBucket;
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
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live connection: its subscriptions with their cursors, and one virtual thread that owns
 * them and is the only one that writes to the client. It handles the client's requests in order,
 * then reads each subscription's next page of the {@link EventLog} after its cursor and sends it,
 * skipping subscriptions already at the newest row the {@link LiveSignal} reported; it sleeps when
 * every subscription is caught up, until the signal or a request wakes it (or, as a safety net for a
 * missed signal, {@link #SAFETY_POLL_NANOS} pass, and then it reads every subscription). Backlog and
 * live events are the same reads, so nothing falls between them; it yields between backlog pages.
 * A client that does not take its messages (more than {@link Limits#maxUnsent} unsent) is
 * disconnected with a close reason that says from which cursor to resume. A client that sends
 * faster than {@link Limits#messagesPerSecond} is answered {@code RATE_LIMITED} for the messages
 * dropped, and disconnected once more than {@link Limits#maxRefused} were dropped.
 */
final class LiveSession {
  private static final Logger LOG = LoggerFactory.getLogger(LiveSession.class);

  /**
   * Per-connection bounds: subscriptions, requests waiting, messages written but not yet sent, rows
   * per read, the client's message rate (a token bucket: burst and refill per second) and how many
   * messages over that rate it may send before it is disconnected.
   */
  record Limits(int maxSubscriptions, int maxQueuedRequests, int maxUnsent, int page, int messageBurst, double messagesPerSecond,
      int maxRefused) {
    static final Limits DEFAULT = new Limits(16, 32, 256, 100, 32, 8, 32);
  }

  /** How long a session sleeps without a signal before it re-reads every subscription anyway: 10 s. */
  static final long SAFETY_POLL_NANOS = TimeUnit.SECONDS.toNanos(10);

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
  private final LongSupplier nanoTime;
  /** The client's message allowance and how many messages it lost to it: {@link #received} (synchronized) owns both. */
  private TokenBucket messages;
  private int refusedTotal;
  /** Messages dropped for the rate since the session thread last said so. */
  private final AtomicInteger refused = new AtomicInteger();
  private long lastFullRead;
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

  LiveSession(EventLog log, LiveSignal signal, Outbox outbox, Limits limits, LongSupplier nanoTime) {
    this.log = log;
    this.signal = signal;
    this.outbox = outbox;
    this.limits = limits;
    this.nanoTime = nanoTime;
    this.requests = new ArrayBlockingQueue<>(limits.maxQueuedRequests());
    this.messages = TokenBucket.full(limits.messageBurst(), nanoTime.getAsLong());
    this.lastFullRead = nanoTime.getAsLong();
  }

  void start(String name) {
    signal.listen(wake);
    thread = Thread.ofVirtual().name("hub-live-" + name).start(this::run);
  }

  /** A text message from the client; one over the rate is dropped, and a client that floods requests is disconnected. */
  synchronized void received(String text) {
    TokenBucket.Decision decision = messages.take(1, limits.messageBurst(), limits.messagesPerSecond(), nanoTime.getAsLong());
    messages = decision.next();
    if (!decision.allowed()) {
      if (++refusedTotal > limits.maxRefused()) {
        stop(CLOSE_TOO_SLOW, "too many messages: over " + limits.messagesPerSecond() + " a second");
        return;
      }
      refused.incrementAndGet();
      wake();
      return;
    }
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
      int dropped = refused.getAndSet(0);
      if (dropped > 0) {
        reply(new LiveReply.Error(new HubException(new HubError.RateLimited(1)).body()));
      }
      long now = nanoTime.getAsLong();
      boolean readAll = now - lastFullRead >= SAFETY_POLL_NANOS;
      long head = readAll ? LiveSignal.UNKNOWN : signal.head();
      boolean more = false;
      try {
        for (Subscription subscription : subscriptions.values()) {
          if (subscription.cursor >= head) {
            continue;
          }
          more |= pump(subscription);
          if (!open.get()) {
            return;
          }
        }
        failing = false;
        if (readAll) {
          lastFullRead = now;
        }
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
      if (more) {
        // A backlog: let the other sessions' threads have their turn between pages.
        Thread.yield();
      } else if (!woken && requests.isEmpty()) {
        LockSupport.parkNanos(SAFETY_POLL_NANOS);
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
    long head = log.head();
    if (subscribe.since().isPresent() && subscribe.since().getAsLong() > head) {
      // A cursor from another hub or an older database: accepting it would skip the events up to it.
      throw new HubException(new HubError.BadParameter("since", "is beyond the newest event (" + head
          + "); resume with a cursor this hub sent, or subscribe without since"));
    }
    long cursor = subscribe.since().isPresent() ? subscribe.since().getAsLong() : head;
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
