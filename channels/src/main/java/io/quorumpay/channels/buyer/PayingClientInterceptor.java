package io.quorumpay.channels.buyer;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.quorumpay.channels.ChannelServerInterceptor;
import io.quorumpay.channels.RefusalStatus;
import io.quorumpay.channels.policy.ChannelRefusal;
import io.quorumpay.channels.policy.Payment;
import io.quorumpay.client.PayKitException;
import io.quorumpay.client.SignedAuthorization;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Pays for gRPC calls through a payment channel: add it to a client channel
 * ({@code ClientInterceptors.intercept(channel, interceptor)}). Each call to a priced method carries
 * the payment headers (docs/CHANNELS.md, "Headers") of a cumulative authorization from the
 * {@link ChannelPayer} (one signed ahead that still covers it, or a new one saved in the wallet
 * before the call leaves), and names the channel's sender ({@code qp-channel-sender}) so a seller
 * that does not know the channel yet can prove it from the committee. Unpriced methods (price empty or 0) go out without payment.
 *
 * <p>When the seller refuses a call with {@code INCORRECT_NONCE} (it claimed, so the channel moved to
 * a new nonce), the interceptor waits until the committee's certificates prove the new nonce, pays
 * again at it, and retries that call once, for calls that send one request message (unary and
 * server streaming); a client-streaming call gets the refusal, and the next call pays at the new nonce.
 * An {@code INSUFFICIENT_PAYMENT} refusal names what the seller needed ({@code qp-channel-needed}):
 * the payer takes the seller's count within what its wallet ever authorized ({@link ChannelPayer#resync}),
 * pays again by the window rule and the call is retried once more, on the same terms (the refused
 * call was not served). So a seller that restarted (and counts everything authorized before as used) costs no
 * refused call.
 *
 * <p>The first call blocks while the channel is opened and certified; a call that moves the window
 * blocks while its authorization is saved (and calls behind it wait for that one), and a retry
 * blocks the thread that delivers the refusal while the committee is read. Use an executor that may block (gRPC's default one does).
 */
public final class PayingClientInterceptor implements ClientInterceptor {
  /** How long a retry follows a new nonce when the call has no deadline. */
  static final Duration FOLLOW_WITHOUT_DEADLINE = Duration.ofSeconds(10);

  private final ChannelPayer payer;
  private final PriceSource prices;

  /** Pays each call's price (from {@code prices}) through {@code payer}'s channel. */
  public PayingClientInterceptor(ChannelPayer payer, PriceSource prices) {
    this.payer = Objects.requireNonNull(payer);
    this.prices = Objects.requireNonNull(prices);
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    OptionalLong price = prices.price("/" + method.getFullMethodName());
    if (price.isEmpty() || price.getAsLong() == 0) {
      return next.newCall(method, options);
    }
    return new PaidCall<>(payer, price.getAsLong(), method, options, next);
  }

  /** The current nonce a seller's {@code INCORRECT_NONCE} refusal names, or -1 when the call was not so refused. */
  static long movedTo(Status status, Metadata trailers) {
    if (status.getCode() != Status.Code.ABORTED || trailers == null
        || !ChannelRefusal.Code.INCORRECT_NONCE.name().equals(trailers.get(RefusalStatus.CODE_KEY))) {
      return -1;
    }
    return number(trailers.get(RefusalStatus.CURRENT_NONCE_KEY));
  }

  /** The amount a seller's {@code INSUFFICIENT_PAYMENT} refusal says it needed, or -1 when the call was not so refused. */
  static long needed(Status status, Metadata trailers) {
    if (status.getCode() != Status.Code.FAILED_PRECONDITION || trailers == null
        || !ChannelRefusal.Code.INSUFFICIENT_PAYMENT.name().equals(trailers.get(RefusalStatus.CODE_KEY))) {
      return -1;
    }
    return number(trailers.get(RefusalStatus.NEEDED_KEY));
  }

  private static long number(String decimal) {
    try {
      return decimal == null ? -1 : Math.max(-1, Long.parseLong(decimal));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** One paid call: its payment attached when it starts, and at most one retry at a new nonce and one after the payer resyncs. */
  private static final class PaidCall<Q, R> extends ClientCall<Q, R> {
    private final ChannelPayer payer;
    private final long price;
    private final MethodDescriptor<Q, R> method;
    private final CallOptions options;
    private final Channel next;
    private final boolean retryable;
    private final Object lock = new Object();
    // Guarded by lock: the attempt in progress and what the caller did, to replay on a retry.
    private ClientCall<Q, R> current;
    private Listener<R> listener;
    private Metadata headers;
    private Q message;
    private int requested;
    private boolean halfClosed;
    private boolean cancelled;
    // One retry per reason: a call refused for payment may still meet a claim on its retry, and the other way round.
    private boolean retriedNonce;
    private boolean retriedPayment;
    private boolean answered;

    PaidCall(ChannelPayer payer, long price, MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
      this.payer = payer;
      this.price = price;
      this.method = method;
      this.options = options;
      this.next = next;
      this.retryable = method.getType().clientSendsOneMessage();
    }

    @Override
    public void start(Listener<R> responses, Metadata callHeaders) {
      synchronized (lock) {
        listener = responses;
        headers = callHeaders;
      }
      try {
        ClientCall<Q, R> first = attempt();
        synchronized (lock) {
          if (current == null) { // else a retry already replaced it
            current = first;
          }
          if (cancelled) {
            first.cancel("cancelled by the caller", null); // the cancel came while this call was starting
          }
        }
      } catch (PayKitException e) {
        // UNAVAILABLE when the committee or primary did not answer (try again), else FAILED_PRECONDITION; the cause attached.
        Status status = e.kind() == PayKitException.Kind.UNREACHABLE ? Status.UNAVAILABLE : Status.FAILED_PRECONDITION;
        responses.onClose(status.withDescription("the call could not be paid: " + e.getMessage()).withCause(e), new Metadata());
      }
    }

    /** Pays for one attempt and starts it. */
    private ClientCall<Q, R> attempt() throws PayKitException {
      long mark = payer.paidSoFar();
      SignedAuthorization paid = payer.pay(price);
      Payment payment = new Payment(paid.authorization().channel(), paid.authorization().nonce().value(),
          paid.authorization().amount().units(), paid.signature());
      Metadata sent = new Metadata();
      sent.merge(headers);
      sent.merge(ChannelServerInterceptor.metadata(payment, payer.announcement()));
      ClientCall<Q, R> call = next.newCall(method, options);
      call.start(new Watch(paid, mark), sent);
      return call;
    }

    @Override
    public void request(int count) {
      synchronized (lock) {
        requested += count;
        if (current != null) {
          current.request(count);
        }
      }
    }

    @Override
    public void cancel(String why, Throwable cause) {
      synchronized (lock) {
        cancelled = true;
        if (current != null) {
          current.cancel(why, cause);
        }
      }
    }

    @Override
    public void halfClose() {
      synchronized (lock) {
        halfClosed = true;
        if (current != null) {
          current.halfClose();
        }
      }
    }

    @Override
    public void sendMessage(Q request) {
      synchronized (lock) {
        if (retryable) {
          message = request;
        }
        if (current != null) {
          current.sendMessage(request);
        }
      }
    }

    @Override
    public boolean isReady() {
      synchronized (lock) {
        return current != null && current.isReady();
      }
    }

    @Override
    public void setMessageCompression(boolean enabled) {
      synchronized (lock) {
        if (current != null) {
          current.setMessageCompression(enabled);
        }
      }
    }

    /** When the call's deadline passes ({@link System#nanoTime}); without one, the follow's own bound applies. */
    private long deadlineNanos() {
      Deadline deadline = options.getDeadline();
      long left = deadline == null ? FOLLOW_WITHOUT_DEADLINE.toNanos() : Math.max(0, deadline.timeRemaining(TimeUnit.NANOSECONDS));
      return System.nanoTime() + left;
    }

    private boolean expired() {
      Deadline deadline = options.getDeadline();
      return deadline != null && deadline.isExpired();
    }

    /** Passes one attempt's events on, except a nonce or payment refusal it can retry. */
    private final class Watch extends Listener<R> {
      private final SignedAuthorization paid;
      /** {@link ChannelPayer#paidSoFar} before this attempt was paid. */
      private final long mark;

      Watch(SignedAuthorization paid, long mark) {
        this.paid = paid;
        this.mark = mark;
      }

      @Override
      public void onHeaders(Metadata responseHeaders) {
        synchronized (lock) {
          answered = true;
        }
        payer.served(paid);
        listener.onHeaders(responseHeaders);
      }

      @Override
      public void onMessage(R response) {
        synchronized (lock) {
          answered = true;
        }
        listener.onMessage(response);
      }

      @Override
      public void onReady() {
        listener.onReady();
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        long moved = movedTo(status, trailers);
        long needed = needed(status, trailers);
        long paidAt = paid.authorization().nonce().value();
        boolean retry;
        synchronized (lock) {
          boolean fresh = moved > paidAt ? !retriedNonce : needed >= 0 && !retriedPayment;
          retry = fresh && retryable && !answered && !cancelled;
          if (retry) {
            retriedNonce |= moved > paidAt;
            retriedPayment |= moved <= paidAt;
          }
        }
        if (retry && retry(moved, needed)) {
          return;
        }
        listener.onClose(status, trailers);
      }

      /**
       * Pays again, at the proven new nonce ({@code moved} above the one paid at) or from what the seller
       * counts ({@code needed}), and replays the call; false when it cannot.
       */
      private boolean retry(long moved, long needed) {
        ClientCall<Q, R> again = null;
        try {
          long paidAt = paid.authorization().nonce().value();
          if (moved > paidAt ? !payer.nonceMoved(paidAt, moved, deadlineNanos()) : !payer.resync(paid, needed, price, mark)) {
            return false;
          }
          synchronized (lock) {
            if (cancelled || expired()) {
              return false; // the caller gave up while the new nonce was followed: pay nothing more
            }
          }
          again = attempt();
          synchronized (lock) {
            current = again;
            if (requested > 0) {
              again.request(requested);
            }
            if (message != null) {
              again.sendMessage(message);
            }
            if (halfClosed) {
              again.halfClose();
            }
            if (cancelled) {
              again.cancel("cancelled by the caller", null);
            }
          }
          return true;
        } catch (PayKitException | RuntimeException e) {
          // The caller gets the seller's refusal: a failed retry never leaves the call unclosed, nor one running.
          if (again != null) {
            again.cancel("the retry failed", e);
          }
          return false;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
  }
}
