package io.quorumpay.conformance;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.stub.StreamObserver;
import io.quorumpay.api.AccountInfoReply;
import io.quorumpay.api.BalanceCheckReply;
import io.quorumpay.api.BalanceCheckRequest;
import io.quorumpay.api.RemoteWalletGrpc;
import io.quorumpay.api.ResetReply;
import io.quorumpay.api.ResetRequest;
import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.api.primary.RemotePrimaryChain;
import io.quorumpay.client.CommitteeClient;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.types.AccountId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** A wrong wallet for testing the suite itself: it counts received certificates without verifying them. */
final class CredulousDriver extends RemoteWalletGrpc.RemoteWalletImplBase {
  private CommitteeClient committee;
  private RemotePrimaryChain primary;
  private AccountId account;

  @Override
  public void reset(ResetRequest request, StreamObserver<ResetReply> observer) {
    try {
      Path file = Files.createTempFile("committee", ".yaml");
      Files.writeString(file, request.getCommitteeYaml());
      CommitteeFile read = CommitteeFile.read(file);
      Files.delete(file);
      committee = new CommitteeClient(read, InsecureChannelCredentials.create(), Duration.ofSeconds(2));
      primary = new RemotePrimaryChain(Grpc.newChannelBuilder(request.getPrimaryEndpoint(), InsecureChannelCredentials.create()).build());
      account = new AccountId(KeyPair.fromSeedHex(request.getSecretKey()).publicKey());
      observer.onNext(ResetReply.getDefaultInstance());
      observer.onCompleted();
    } catch (Exception e) {
      observer.onError(e);
    }
  }

  @Override
  public void freshBalance(BalanceCheckRequest request, StreamObserver<BalanceCheckReply> observer) {
    followUpBalance(request, observer);
  }

  @Override
  public void followUpBalance(BalanceCheckRequest request, StreamObserver<BalanceCheckReply> observer) {
    try {
      Set<String> seen = new HashSet<>();
      long units = 0;
      for (int a = 0; a < committee.size(); a++) {
        AccountInfoReply info = committee.accountInfo(a, account, Optional.empty(), 0, 1000).exceptionally(f -> null).join();
        if (info == null) {
          continue;
        }
        for (var bytes : info.getReceivedList()) {
          try {
            Certificate certificate = Certificate.decode(bytes.toByteArray());
            if (seen.add(certificate.key().toString())) {
              units += ((io.quorumpay.core.messages.TransferOrder) certificate.order()).amount().units();
            }
          } catch (Exception ignored) {
            // Even a credulous wallet cannot count what does not decode.
          }
        }
      }
      long deposits = 0;
      for (PrimaryDeposit deposit : primary.confirmedDeposits(0, 1000, 1)) {
        units += deposit.amount().units();
        deposits++;
      }
      observer.onNext(BalanceCheckReply.newBuilder().setUnits(units).setDepositIndex(deposits).build());
      observer.onCompleted();
    } catch (Exception e) {
      observer.onError(e);
    }
  }
}
