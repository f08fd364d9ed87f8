package io.quorumpay.api;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quorumpay.core.crypto.PublicKey;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.Amount;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;

/** Conversions between protobuf fields and protocol values, with typed refusals for bad input. */
public final class Wire {
  private Wire() {}

  public static AccountId account(ByteString bytes) throws ProtocolException {
    if (bytes.size() != PublicKey.SIZE) {
      throw new ProtocolException(new ProtocolError.Malformed("account id", "expected 32 bytes, got " + bytes.size()));
    }
    return new AccountId(new PublicKey(Bytes.copyOf(bytes.toByteArray())));
  }

  public static ChannelId channel(ByteString bytes) throws ProtocolException {
    if (bytes.size() != ChannelId.SIZE) {
      throw new ProtocolException(new ProtocolError.Malformed("channel id", "expected 32 bytes, got " + bytes.size()));
    }
    return new ChannelId(Bytes.copyOf(bytes.toByteArray()));
  }

  public static ByteString bytes(AccountId account) {
    return ByteString.copyFrom(account.key().bytes().toArray());
  }

  /** A protobuf uint64 as an amount: values of 2^63 and above are refused. */
  public static Amount amount(long units) throws ProtocolException {
    if (units < 0) {
      throw new ProtocolException(new ProtocolError.OutOfRange("amount", "must be below 2^63"));
    }
    return new Amount(units);
  }

  /** The protobuf uint64 index or position {@code field}: values of 2^63 and above are refused. */
  public static long index(String field, long value) throws ProtocolException {
    if (value < 0) {
      throw new ProtocolException(new ProtocolError.OutOfRange(field, "must be below 2^63"));
    }
    return value;
  }

  /**
   * The protobuf uint32 {@code field}, refused above {@code max}. Java reads a uint32 of 2^31 and
   * above as a negative int, so the comparison is unsigned.
   */
  public static int uint32(String field, int value, int max) throws ProtocolException {
    if (Integer.toUnsignedLong(value) > max) {
      throw new ProtocolException(new ProtocolError.OutOfRange(field, "at most " + max));
    }
    return value;
  }

  /**
   * Runs a blocking stub call: a refusal becomes a {@link ProtocolException} with the remote
   * code; anything else (unreachable, deadline, internal) an {@link IOException}.
   */
  public static <T> T call(Supplier<T> call) throws ProtocolException, IOException {
    try {
      return call.get();
    } catch (StatusRuntimeException e) {
      Optional<ProtocolError.Refused> refusal = RpcErrors.refusal(e);
      if (refusal.isPresent()) {
        throw new ProtocolException(refusal.get());
      }
      Status status = e.getStatus();
      throw new IOException(status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription()), e);
    }
  }
}
