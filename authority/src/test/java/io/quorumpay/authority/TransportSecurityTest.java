package io.quorumpay.authority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.quorumpay.api.AuthorityGrpc;
import io.quorumpay.api.CreditRequest;
import io.quorumpay.api.HealthRequest;
import io.quorumpay.api.ShardPeerGrpc;
import io.quorumpay.authority.config.AuthorityConfig;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.core.types.UserData;
import io.quorumpay.primary.DevChain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With TLS on: clients pay over TLS, shards deliver credits over mutual TLS, and plaintext or certificate-less peers are turned away. */
class TransportSecurityTest {
  static final AssetId QPC = new AssetId("QPC");

  @TempDir
  Path dir;

  @Test
  void paymentsFlowOverTlsAndStrangersAreRefused() throws Exception {
    try (InProcessNetwork network = new InProcessNetwork(dir, 4, 2, true);
        TestClient client = new TestClient(network.committee, network.channelCredentials())) {
      SecureRandom random = new SecureRandom();
      KeyPair alice;
      KeyPair bob;
      do {
        alice = KeyPair.generate(random);
        bob = KeyPair.generate(random);
      } while (client.assignment.shardOf(new AccountId(alice.publicKey())) == client.assignment.shardOf(new AccountId(bob.publicKey())));
      AccountId aliceId = new AccountId(alice.publicKey());
      AccountId bobId = new AccountId(bob.publicKey());
      network.primaryClient.deposit(DevChain.faucetAddress(), aliceId, QPC, new Amount(100));
      for (int a = 0; a < 4; a++) {
        int authority = a;
        Eventually.within(Duration.ofSeconds(20), () -> assertThat(client.balance(authority, aliceId, QPC)).isEqualTo(100));
      }
      // Across shards: the credit travels between shards over mutual TLS.
      client.pay(SignedOrder.sign(new TransferOrder(network.committee.committee().network(), aliceId,
          new Recipient.Account(bobId), QPC, new Amount(40), SequenceNumber.ZERO, UserData.EMPTY), alice));
      for (int a = 0; a < 4; a++) {
        int authority = a;
        Eventually.within(Duration.ofSeconds(20), () -> assertThat(client.balance(authority, bobId, QPC)).isEqualTo(40));
      }

      String clientAddress = network.committee.members().get(0).shards().get(0);
      ManagedChannel plaintext = Grpc.newChannelBuilder(clientAddress, InsecureChannelCredentials.create()).build();
      StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class, () -> AuthorityGrpc.newBlockingStub(plaintext)
          .withDeadlineAfter(3, TimeUnit.SECONDS).health(HealthRequest.getDefaultInstance()));
      assertThat(refused).isNotNull();
      plaintext.shutdownNow();

      // The internal port wants a client certificate: trusting the CA is not enough.
      AuthorityConfig config = AuthorityConfig.read(network.layout.authorityFiles().get(0));
      ManagedChannel noCertificate = Grpc.newChannelBuilder(config.peerAddresses().get(0),
          TlsChannelCredentials.newBuilder().trustManager(network.layout.caFile().orElseThrow().toFile()).build()).build();
      StatusRuntimeException anonymous = catchThrowableOfType(StatusRuntimeException.class, () -> ShardPeerGrpc.newBlockingStub(noCertificate)
          .withDeadlineAfter(3, TimeUnit.SECONDS).credit(CreditRequest.newBuilder().addCredits(ByteString.EMPTY).build()));
      assertThat(anonymous).isNotNull();
      assertThat(anonymous.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
      noCertificate.shutdownNow();

      // Private keys are owner-only.
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config.tls().key()))).isEqualTo("rw-------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
          network.layout.authorityFiles().get(0).resolveSibling("authority.key")))).isEqualTo("rw-------");
    }
  }
}
