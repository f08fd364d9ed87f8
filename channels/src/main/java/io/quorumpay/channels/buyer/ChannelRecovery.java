package io.quorumpay.channels.buyer;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.quorumpay.channels.RefusalStatus;
import io.quorumpay.channels.api.ChannelControlGrpc;
import io.quorumpay.channels.api.StateReply;
import io.quorumpay.channels.api.StateRequest;
import io.quorumpay.channels.policy.ChannelRefusal;
import io.quorumpay.client.PayKit;
import io.quorumpay.client.PayKitException;
import io.quorumpay.client.SignedAuthorization;
import io.quorumpay.client.WalletChannel;
import io.quorumpay.core.crypto.Signature;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.ChannelId;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Gets a buyer's channel record back from the seller after the wallet lost it (a reinstall: a new
 * wallet file with the same key) or kept an old one: asks the seller's {@code ChannelState} with a
 * request signed by the channel's key at the primary's current height, and adopts the amount the
 * seller holds only if the signature it sends back is the wallet's own over exactly that nonce and
 * amount ({@link PayKit#recoverChannel}). A seller cannot make the buyer adopt a number it did not sign.
 */
public final class ChannelRecovery {
  private ChannelRecovery() {}

  /**
   * Recovers channel {@code id} of {@code wallet} from the seller reached through {@code seller}
   * (its control API). Returns the wallet's record afterwards. Refused ({@code REFUSED}) when the
   * seller's answer is not the wallet's own signature, or when the seller refuses the request (its
   * refusal code in the message and in {@link #refusal}); asked again once at the primary's new
   * height when the seller finds it stale ({@code CONTROL_STALE}: its view of the primary differs
   * from ours by a few blocks). {@code UNREACHABLE} when the seller does not answer, or still finds
   * it stale.
   */
  public static WalletChannel recover(PayKit wallet, Channel seller, ChannelId id) throws PayKitException {
    StateReply reply;
    try {
      reply = ask(wallet, seller, id);
    } catch (StatusRuntimeException e) {
      if (code(e).filter(ChannelRefusal.Code.CONTROL_STALE::equals).isEmpty()) {
        throw failure(e);
      }
      try {
        reply = ask(wallet, seller, id);
      } catch (StatusRuntimeException again) {
        throw failure(again);
      }
    }
    if (reply.getAmount() == 0) {
      return wallet.recoverChannel(id, reply.getNonce(), Amount.ZERO, null);
    }
    if (reply.getSignature().size() != Signature.SIZE || reply.getAmount() < 0) {
      throw new PayKitException(PayKitException.Kind.REFUSED, "the seller's answer is malformed", new ProtocolError.Malformed(
          "channel state", "a 64-byte signature and an amount up to 2^63 - 1"), null);
    }
    return wallet.recoverChannel(id, reply.getNonce(), new Amount(reply.getAmount()),
        new Signature(Bytes.copyOf(reply.getSignature().toByteArray())));
  }

  /** The seller's refusal code behind a failed {@link #recover}, if the seller refused (rather than not answering). */
  public static Optional<ChannelRefusal.Code> refusal(PayKitException e) {
    return e.getCause() instanceof StatusRuntimeException status ? code(status) : Optional.empty();
  }

  private static StateReply ask(PayKit wallet, Channel seller, ChannelId id) throws PayKitException {
    long height = wallet.primaryHeight();
    SignedAuthorization.Signer signed = wallet.signChannelStateRequest(id, height);
    return ChannelControlGrpc.newBlockingStub(seller).withDeadlineAfter(30, TimeUnit.SECONDS).channelState(StateRequest.newBuilder()
        .setChannelId(ByteString.copyFrom(id.bytes().toArray()))
        .setHeight(height)
        .setKey(ByteString.copyFrom(signed.key().bytes().toArray()))
        .setSignature(ByteString.copyFrom(signed.signature().bytes().toArray()))
        .build());
  }

  private static PayKitException failure(StatusRuntimeException e) {
    Optional<ChannelRefusal.Code> code = code(e);
    if (code.isEmpty() || code.get() == ChannelRefusal.Code.CONTROL_STALE || code.get() == ChannelRefusal.Code.UNAVAILABLE) {
      return new PayKitException(PayKitException.Kind.UNREACHABLE, "the seller did not give the channel's state: " + e.getStatus()
          + code.map(c -> " (" + c + ")").orElse(""), null, e);
    }
    return new PayKitException(PayKitException.Kind.REFUSED, "the seller refused the channel state request: " + code.get()
        + " (" + e.getStatus().getDescription() + ")", null, e);
  }

  /** The refusal code in a failed call's trailers; empty when there is none or it is not one of ours. */
  private static Optional<ChannelRefusal.Code> code(StatusRuntimeException e) {
    Metadata trailers = e.getTrailers();
    String text = trailers == null ? null : trailers.get(RefusalStatus.CODE_KEY);
    return Arrays.stream(ChannelRefusal.Code.values()).filter(c -> c.name().equals(text)).findFirst();
  }
}
