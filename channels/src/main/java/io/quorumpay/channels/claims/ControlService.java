package io.quorumpay.channels.claims;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.quorumpay.channels.RefusalStatus;
import io.quorumpay.channels.api.ChannelControlGrpc;
import io.quorumpay.channels.api.ClaimInfo;
import io.quorumpay.channels.api.ClaimsReply;
import io.quorumpay.channels.api.ControlRequest;
import io.quorumpay.channels.api.StateReply;
import io.quorumpay.channels.api.StateRequest;
import io.quorumpay.channels.directory.PrimaryHeight;
import io.quorumpay.channels.ledger.ChannelLedger;
import io.quorumpay.channels.policy.Authorization;
import io.quorumpay.channels.policy.ChannelRefusal;
import io.quorumpay.channels.policy.ChannelView;
import io.quorumpay.channels.policy.SellerTerms;
import io.quorumpay.core.crypto.PublicKey;
import io.quorumpay.core.crypto.Signature;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.types.ChannelId;
import java.util.List;
import java.util.Optional;

/**
 * The seller's control API over gRPC ({@code quorumpay.channels.v1.ChannelControl}): every request
 * signed by the seller's key and fresh (see {@link ControlRequests}), refusals as in paid calls; and
 * {@code ChannelState} for a channel's buyer, signed by the channel's signer or sender key.
 */
public final class ControlService extends ChannelControlGrpc.ChannelControlImplBase {
  private final Claims claims;
  private final SellerTerms terms;
  private final PublicKey seller;
  private final PrimaryHeight height;

  /** Serves {@code claims} to requests signed by {@code seller}. */
  public ControlService(Claims claims, SellerTerms terms, PublicKey seller, PrimaryHeight height) {
    this.claims = claims;
    this.terms = terms;
    this.seller = seller;
    this.height = height;
  }

  @Override
  public void listUnclaimed(ControlRequest request, StreamObserver<ClaimsReply> out) {
    if (authorized(request, ControlRequests.Kind.LIST_UNCLAIMED, null, out)) {
      reply(out, () -> claims.unclaimed(), false);
    }
  }

  @Override
  public void listInProgress(ControlRequest request, StreamObserver<ClaimsReply> out) {
    if (authorized(request, ControlRequests.Kind.LIST_IN_PROGRESS, null, out)) {
      reply(out, () -> claims.inProgress(), true);
    }
  }

  @Override
  public void startClaim(ControlRequest request, StreamObserver<ClaimsReply> out) {
    if (request.getChannelId().size() != ChannelId.SIZE) {
      refuse(out, new ChannelRefusal.PaymentMalformed("channel_id", "expected 32 bytes"));
      return;
    }
    ChannelId channel = new ChannelId(Bytes.copyOf(request.getChannelId().toByteArray()));
    if (!authorized(request, ControlRequests.Kind.START_CLAIM, channel, out)) {
      return;
    }
    try {
      switch (claims.start(channel)) {
        case Claims.Outcome.Refused r -> refuse(out, r.refusal());
        case Claims.Outcome.Started s -> {
          out.onNext(ClaimsReply.newBuilder()
              .addClaims(info(s.channel(), s.claim().nonce(), s.claim().authorization(), s.claim().actual(), true)).build());
          out.onCompleted();
        }
      }
    } catch (ChannelLedger.LedgerException e) {
      refuse(out, new ChannelRefusal.Unavailable(e.getMessage()));
    }
  }

  @Override
  public void channelState(StateRequest request, StreamObserver<StateReply> out) {
    if (request.getChannelId().size() != ChannelId.SIZE || request.getKey().size() != PublicKey.SIZE
        || request.getSignature().size() != Signature.SIZE) {
      refuse(out, new ChannelRefusal.PaymentMalformed("channel_id, key or signature", "expected 32, 32 and 64 bytes"));
      return;
    }
    ChannelId channel = new ChannelId(Bytes.copyOf(request.getChannelId().toByteArray()));
    try {
      Optional<Claims.Held> state = claims.state(channel);
      if (state.isEmpty()) {
        refuse(out, new ChannelRefusal.UnknownChannel(channel));
        return;
      }
      ChannelView view = state.get().channel();
      PublicKey key = new PublicKey(Bytes.copyOf(request.getKey().toByteArray()));
      Optional<ChannelRefusal> refusal = ControlRequests.checkState(view, key, terms.network(), request.getHeight(),
          new Signature(Bytes.copyOf(request.getSignature().toByteArray())), height.current());
      if (refusal.isPresent()) {
        refuse(out, refusal.get());
        return;
      }
      StateReply.Builder reply = StateReply.newBuilder().setNonce(state.get().nonce());
      state.get().highest().ifPresent(highest -> reply.setAmount(highest.amount())
          .setAuthorizer(ByteString.copyFrom(highest.authorizer().bytes().toArray()))
          .setSignature(ByteString.copyFrom(highest.signature().bytes().toArray())));
      out.onNext(reply.build());
      out.onCompleted();
    } catch (ChannelLedger.LedgerException e) {
      refuse(out, new ChannelRefusal.Unavailable(e.getMessage()));
    }
  }

  private boolean authorized(ControlRequest request, ControlRequests.Kind kind, ChannelId channel, StreamObserver<ClaimsReply> out) {
    Optional<ChannelRefusal> refusal = ControlRequests.check(seller, terms.network(), kind, request.getHeight(), channel,
        request.getSignature().toByteArray(), height.current());
    refusal.ifPresent(r -> refuse(out, r));
    return refusal.isEmpty();
  }

  private interface Listing {
    List<Claims.Claimable> get() throws ChannelLedger.LedgerException;
  }

  private static void reply(StreamObserver<ClaimsReply> out, Listing listing, boolean withSignatures) {
    try {
      ClaimsReply.Builder reply = ClaimsReply.newBuilder();
      for (Claims.Claimable c : listing.get()) {
        reply.addClaims(info(c.channel(), c.nonce(), c.authorization(), c.served(), withSignatures));
      }
      out.onNext(reply.build());
      out.onCompleted();
    } catch (ChannelLedger.LedgerException e) {
      refuse(out, new ChannelRefusal.Unavailable(e.getMessage()));
    }
  }

  private static ClaimInfo info(ChannelView view, long nonce, Authorization authorization, long served, boolean withSignature) {
    ClaimInfo.Builder info = ClaimInfo.newBuilder()
        .setChannelId(ByteString.copyFrom(view.id().bytes().toArray()))
        .setNonce(nonce)
        .setAmount(served)
        .setAuthorized(authorization.amount())
        .setExpiration(view.expiration());
    if (withSignature) {
      info.setAuthorizer(ByteString.copyFrom(authorization.authorizer().bytes().toArray()))
          .setSignature(ByteString.copyFrom(authorization.signature().bytes().toArray()));
    }
    return info.build();
  }

  private static void refuse(StreamObserver<?> out, ChannelRefusal refusal) {
    out.onError(RefusalStatus.status(refusal).asRuntimeException(RefusalStatus.trailers(refusal)));
  }
}
