package io.quorumpay.conformance;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quorumpay.api.BalanceCheckReply;
import io.quorumpay.api.BalanceCheckRequest;
import io.quorumpay.api.RemoteWalletGrpc;
import io.quorumpay.api.ResetReply;
import io.quorumpay.api.ResetRequest;
import io.quorumpay.api.StopReply;
import io.quorumpay.api.StopRequest;
import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.api.primary.RemotePrimaryChain;
import io.quorumpay.client.Balance;
import io.quorumpay.client.CommitteeClient;
import io.quorumpay.client.PayKit;
import io.quorumpay.client.WalletFile;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.types.AssetId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/** The Java client kit behind the RemoteWallet driver protocol, so the conformance suite can check it. */
public final class PayKitDriver extends RemoteWalletGrpc.RemoteWalletImplBase implements AutoCloseable {
  private final Path dir;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private CommitteeClient committee;
  private RemotePrimaryChain primary;
  private KeyPair key;
  private PayKit wallet;

  public PayKitDriver() throws IOException {
    this.dir = Files.createTempDirectory("paykit-driver");
  }

  @Override
  public synchronized void reset(ResetRequest request, StreamObserver<ResetReply> observer) {
    try {
      closeWallet();
      Path committeeFile = dir.resolve("committee.yaml");
      Files.writeString(committeeFile, request.getCommitteeYaml());
      committee = new CommitteeClient(CommitteeFile.read(committeeFile), InsecureChannelCredentials.create(), Duration.ofSeconds(2));
      primary = new RemotePrimaryChain(Grpc.newChannelBuilder(request.getPrimaryEndpoint(), InsecureChannelCredentials.create()).build());
      key = KeyPair.fromSeedHex(request.getSecretKey());
      observer.onNext(ResetReply.newBuilder().setAccount(com.google.protobuf.ByteString.copyFrom(key.publicKey().bytes().toArray())).build());
      observer.onCompleted();
    } catch (Exception e) {
      observer.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
    }
  }

  @Override
  public synchronized void freshBalance(BalanceCheckRequest request, StreamObserver<BalanceCheckReply> observer) {
    try {
      if (wallet != null) {
        wallet.close();
      }
      Path file = dir.resolve("wallet.json");
      Files.deleteIfExists(file);
      wallet = PayKit.open(WalletFile.create(file, key), committee, primary);
      answer(request, observer);
    } catch (Exception e) {
      observer.onError(Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException());
    }
  }

  @Override
  public synchronized void followUpBalance(BalanceCheckRequest request, StreamObserver<BalanceCheckReply> observer) {
    try {
      answer(request, observer);
    } catch (Exception e) {
      observer.onError(Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException());
    }
  }

  private void answer(BalanceCheckRequest request, StreamObserver<BalanceCheckReply> observer) throws Exception {
    Balance balance = wallet.balance();
    observer.onNext(BalanceCheckReply.newBuilder().setUnits(balance.of(AssetId.parse(request.getAsset())))
        .setDepositIndex(balance.depositIndex()).build());
    observer.onCompleted();
  }

  @Override
  public void stop(StopRequest request, StreamObserver<StopReply> observer) {
    observer.onNext(StopReply.getDefaultInstance());
    observer.onCompleted();
    stopped.countDown();
  }

  /** Blocks until a client calls Stop. */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  private void closeWallet() {
    if (wallet != null) {
      wallet.close();
      wallet = null;
    }
    if (committee != null) {
      committee.close();
    }
    if (primary != null) {
      primary.close();
    }
  }

  @Override
  public synchronized void close() {
    closeWallet();
    // Leave nothing behind in the temporary directory.
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // Best effort: the folder is in the temporary directory anyway.
    }
  }
}
