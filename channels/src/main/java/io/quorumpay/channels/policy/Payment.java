package io.quorumpay.channels.policy;

import io.quorumpay.core.crypto.PublicKey;
import io.quorumpay.core.crypto.Signature;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.text.TextFormException;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.types.SequenceNumber;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The payment a call carries: a signed cumulative authorization for (channel, nonce, amount).
 * Parsed from gRPC metadata or HTTP headers by {@link #parse}; see docs/CHANNELS.md for the header names.
 */
public record Payment(ChannelId channel, long nonce, long amount, Signature signature) {
  /** Channel id, 64 hex digits. */
  public static final String CHANNEL_HEADER = "qp-channel-id";
  /** Nonce, decimal. */
  public static final String NONCE_HEADER = "qp-channel-nonce";
  /** Cumulative amount authorized at this nonce, decimal. */
  public static final String AMOUNT_HEADER = "qp-channel-amount";
  /** The 64-byte signature as gRPC binary metadata. */
  public static final String SIGNATURE_BIN_HEADER = "qp-channel-signature-bin";
  /** The signature as 128 hex digits, over HTTP. */
  public static final String SIGNATURE_HEX_HEADER = "qp-channel-signature";
  /** Optional: {@code SENDER:SEQ}, the channel's sender and open order's sequence number, so a seller can find a channel it does not know yet. */
  public static final String SENDER_HEADER = "qp-channel-sender";

  private static final int MAX_DECIMAL_DIGITS = 19;

  public Payment {
    Objects.requireNonNull(channel);
    Objects.requireNonNull(signature);
  }

  /**
   * Parses the optional sender header (null when absent), {@code SENDER:SEQ}: the channel's sender
   * account and the sequence number of the order that opened it, from which anyone derives the
   * channel id (docs/PROTOCOL.md). Empty when absent, the announcement, or a refusal saying it is
   * malformed.
   */
  public static Sender sender(String text) {
    if (text == null) {
      return new Sender.Unnamed();
    }
    if (text.length() > 2 * PublicKey.SIZE + 8 + 1 + MAX_DECIMAL_DIGITS) {
      return new Sender.Malformed(new ChannelRefusal.PaymentMalformed(SENDER_HEADER, "too long for SENDER:SEQ"));
    }
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1 || text.length() - colon - 1 > MAX_DECIMAL_DIGITS
        || !text.substring(colon + 1).chars().allMatch(c -> c >= '0' && c <= '9')) {
      return new Sender.Malformed(new ChannelRefusal.PaymentMalformed(SENDER_HEADER,
          "expected SENDER:SEQ, an account id (qp1… or 64 hex digits) and the open order's sequence number"));
    }
    try {
      return new Sender.Named(AccountId.parseText(text.substring(0, colon), true),
          new SequenceNumber(Long.parseLong(text.substring(colon + 1))));
    } catch (TextFormException | RuntimeException e) {
      return new Sender.Malformed(new ChannelRefusal.PaymentMalformed(SENDER_HEADER,
          "expected SENDER:SEQ, an account id (qp1… or 64 hex digits) and the open order's sequence number"));
    }
  }

  /** What the optional {@value #SENDER_HEADER} header says. */
  public sealed interface Sender {
    /** No sender header. */
    record Unnamed() implements Sender {}

    /**
     * The channel's sender and the sequence number of its open order, as the buyer names them
     * (believed only once certificates prove the channel).
     */
    record Named(AccountId account, SequenceNumber open) implements Sender {
      /** The channel id these derive to on {@code network}: a seller compares it before any lookup. */
      public ChannelId channel(NetworkId network) {
        return ChannelId.of(network, account, open);
      }

      /** The header's value, {@code SENDER:SEQ}. */
      public String header() {
        return account.hex() + ":" + open.value();
      }
    }

    /** The header does not parse. */
    record Malformed(ChannelRefusal.PaymentMalformed refusal) implements Sender {}
  }

  /** The headers a client sends for this payment over HTTP (name, value pairs). */
  public String[] httpHeaders() {
    return new String[] {
      CHANNEL_HEADER, channel.toString(),
      NONCE_HEADER, Long.toString(nonce),
      AMOUNT_HEADER, Long.toString(amount),
      SIGNATURE_HEX_HEADER, signature.bytes().toHex()
    };
  }

  /** Outcome of parsing: a payment, none at all, or a refusal saying which header is wrong. */
  public sealed interface Parsed {
    /** No payment header at all. */
    record Absent() implements Parsed {}

    /** A well-formed payment. */
    record Present(Payment payment) implements Parsed {}

    /** A header missing or malformed. */
    record Malformed(ChannelRefusal.PaymentMalformed refusal) implements Parsed {}
  }

  /**
   * Parses the header values (null when absent). {@code signature} is the raw 64 bytes (gRPC) or
   * null; {@code signatureHex} its hex form (HTTP) or null.
   */
  public static Parsed parse(String channel, String nonce, String amount, byte[] signature, String signatureHex) {
    if (channel == null && nonce == null && amount == null && signature == null && signatureHex == null) {
      return new Parsed.Absent();
    }
    if (channel == null) {
      return malformed(CHANNEL_HEADER, "missing");
    }
    ChannelId id;
    try {
      id = ChannelId.fromHex(channel);
    } catch (ProtocolException e) {
      return malformed(CHANNEL_HEADER, "expected 64 hex digits");
    }
    long parsedNonce = decimal(nonce);
    if (parsedNonce < 0) {
      return malformed(NONCE_HEADER, nonce == null ? "missing" : "expected a decimal number from 0 to " + Long.MAX_VALUE);
    }
    long parsedAmount = decimal(amount);
    if (parsedAmount < 0) {
      return malformed(AMOUNT_HEADER, amount == null ? "missing" : "expected a decimal number from 0 to " + Long.MAX_VALUE);
    }
    byte[] raw = signature;
    String header = SIGNATURE_BIN_HEADER;
    if (raw == null && signatureHex != null) {
      header = SIGNATURE_HEX_HEADER;
      if (signatureHex.length() != 2 * Signature.SIZE) {
        return malformed(header, "expected " + 2 * Signature.SIZE + " hex digits");
      }
      try {
        raw = HexFormat.of().parseHex(signatureHex);
      } catch (IllegalArgumentException e) {
        return malformed(header, "not hex");
      }
    }
    if (raw == null) {
      return malformed(SIGNATURE_BIN_HEADER, "missing (" + SIGNATURE_HEX_HEADER + " in hex over HTTP)");
    }
    if (raw.length != Signature.SIZE) {
      return malformed(header, "expected 64 bytes, got " + raw.length);
    }
    return new Parsed.Present(new Payment(id, parsedNonce, parsedAmount, new Signature(Bytes.copyOf(raw))));
  }

  private static Parsed malformed(String header, String why) {
    return new Parsed.Malformed(new ChannelRefusal.PaymentMalformed(header, why));
  }

  /** A plain decimal (digits only, no sign) as a long, or -1. */
  private static long decimal(String text) {
    if (text == null || text.isEmpty() || text.length() > MAX_DECIMAL_DIGITS) {
      return -1;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
