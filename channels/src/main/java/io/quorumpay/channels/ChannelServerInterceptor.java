package io.quorumpay.channels;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quorumpay.channels.policy.Payment;
import io.quorumpay.channels.trial.TrialToken;

/**
 * Charges gRPC calls through payment channels: add it to any server
 * ({@code ServerInterceptors.intercept(service, interceptor)}, or {@code ServerBuilder.intercept}).
 * Each call's metadata is checked by a {@link PaymentGate}; a refused call is closed with the
 * refusal's status and trailers (see {@link RefusalStatus}) before the service sees it.
 *
 * <p>The decision blocks the calling thread until the payment is durable, so give the server an
 * executor that may block (gRPC's default one does).
 */
public final class ChannelServerInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> CHANNEL = Metadata.Key.of(Payment.CHANNEL_HEADER, Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> NONCE = Metadata.Key.of(Payment.NONCE_HEADER, Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> AMOUNT = Metadata.Key.of(Payment.AMOUNT_HEADER, Metadata.ASCII_STRING_MARSHALLER);
  /** The payment's signature header; public so that the gRPC proxy does not pass it upstream. */
  public static final Metadata.Key<byte[]> SIGNATURE = Metadata.Key.of(Payment.SIGNATURE_BIN_HEADER, Metadata.BINARY_BYTE_MARSHALLER);
  static final Metadata.Key<String> SENDER = Metadata.Key.of(Payment.SENDER_HEADER, Metadata.ASCII_STRING_MARSHALLER);
  /** The trial token header; public so that the gRPC proxy does not pass it upstream. */
  public static final Metadata.Key<byte[]> TRIAL = Metadata.Key.of(TrialToken.GRPC_HEADER, Metadata.BINARY_BYTE_MARSHALLER);

  private final PaymentGate gate;

  /** Charges every call through {@code gate}. */
  public ChannelServerInterceptor(PaymentGate gate) {
    this.gate = gate;
  }

  /** Parses the payment metadata of a call. */
  public static Payment.Parsed payment(Metadata headers) {
    return Payment.parse(headers.get(CHANNEL), headers.get(NONCE), headers.get(AMOUNT), headers.get(SIGNATURE), null);
  }

  /** The metadata a client sends to pay with {@code payment}. */
  public static Metadata metadata(Payment payment) {
    Metadata headers = new Metadata();
    headers.put(CHANNEL, payment.channel().toString());
    headers.put(NONCE, Long.toString(payment.nonce()));
    headers.put(AMOUNT, Long.toString(payment.amount()));
    headers.put(SIGNATURE, payment.signature().bytes().toArray());
    return headers;
  }

  /** The metadata a client sends to pay with {@code payment} and announce the channel (so an unknown channel can be found). */
  public static Metadata metadata(Payment payment, Payment.Sender.Named announcement) {
    Metadata headers = metadata(payment);
    headers.put(SENDER, announcement.header());
    return headers;
  }

  /** The metadata a client sends to use a trial token. */
  public static Metadata trialMetadata(byte[] token) {
    Metadata headers = new Metadata();
    headers.put(TRIAL, token);
    return headers;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String method = "/" + call.getMethodDescriptor().getFullMethodName();
    PaymentGate.Admission admission = gate.admit(method, payment(headers), headers.get(TRIAL), Payment.sender(headers.get(SENDER)));
    if (admission instanceof PaymentGate.Admission.Refused refused) {
      call.close(RefusalStatus.status(refused.refusal()), RefusalStatus.trailers(refused.refusal()));
      return new ServerCall.Listener<>() {};
    }
    return next.startCall(call, headers);
  }
}
