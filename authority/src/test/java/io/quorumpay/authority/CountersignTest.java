package io.quorumpay.authority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quorumpay.api.AuthorityGrpc;
import io.quorumpay.api.CountersignReply;
import io.quorumpay.api.CountersignRequest;
import io.quorumpay.api.RpcErrors;
import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.api.config.KeyFile;
import io.quorumpay.authority.local.FreePorts;
import io.quorumpay.authority.local.LocalNetwork;
import io.quorumpay.authority.local.LocalNetworkRunner;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.VerifiedCertificate;
import io.quorumpay.core.messages.Vote;
import io.quorumpay.core.messages.VoteSignature;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.core.types.UserData;
import io.quorumpay.ethereum.CommitteeCountersigner;
import io.quorumpay.ethereum.EthereumNetworkFile;
import io.quorumpay.ethereum.EthereumSettings;
import io.quorumpay.ethereum.RedeemCountersignature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Countersign call of real authority processes on an Ethereum network (anvil, the contract
 * deployed by the local network runner): a redeem certificate valid for the committee gets the
 * authority's countersignature for the configured chain and contract, recovering to the address
 * the committee file registers; anything else is refused with its typed code. The committee
 * countersigner gathers a quorum over gRPC and relays a refusal.
 */
class CountersignTest {
  static final SecureRandom RANDOM = new SecureRandom();
  static Path dir;
  static LocalNetworkRunner network;
  static CommitteeFile committee;
  static EthereumSettings ethereum;
  static List<KeyPair> authorities;
  static List<ManagedChannel> channels;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("qp-countersign");
    LocalNetwork.Layout layout = LocalNetwork.init(dir.resolve("net"), LocalNetwork.uniqueName("countersign"), 4, 1, false,
        LocalNetwork.PrimaryKind.ETHEREUM, FreePorts::next);
    network = LocalNetworkRunner.start(layout, dir.resolve("logs"), Duration.ofSeconds(90), name -> { });
    committee = CommitteeFile.read(layout.committeeFile());
    ethereum = EthereumNetworkFile.read(layout.primaryFile()).settings();
    authorities = IntStream.range(0, 4).mapToObj(a -> {
      try {
        return KeyFile.read(dir.resolve("net/authority-" + a + "/authority.key"));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).toList();
    channels = committee.members().stream()
        .map(m -> Grpc.newChannelBuilder(m.shards().get(0), InsecureChannelCredentials.create()).build()).toList();
  }

  @AfterAll
  static void stop() {
    channels.forEach(ManagedChannel::shutdownNow);
    network.close();
  }

  static Certificate certify(TransferOrder order, int voters) {
    return new Certificate(order, authorities.subList(0, voters).stream().map(k -> Vote.sign(order, k).toSignature())
        .sorted(Comparator.comparing(VoteSignature::authority)).toList());
  }

  static TransferOrder order(NetworkId network, Recipient to) {
    return new TransferOrder(network, new AccountId(KeyPair.generate(RANDOM).publicKey()), to, new AssetId("QPC"),
        new Amount(120), new SequenceNumber(0), UserData.EMPTY);
  }

  static Recipient.Primary payout() throws ProtocolException {
    return new Recipient.Primary(PrimaryAddress.parse("0x00000000000000000000000000000000000000b0"));
  }

  static CountersignReply ask(int authority, byte[] certificate) {
    return AuthorityGrpc.newBlockingStub(channels.get(authority)).withDeadlineAfter(10, java.util.concurrent.TimeUnit.SECONDS)
        .countersign(CountersignRequest.newBuilder().setCertificate(ByteString.copyFrom(certificate)).build());
  }

  @Test
  void everyAuthorityCountersignsACertifiedRedeemForItsContractOnly() throws Exception {
    TransferOrder redeem = order(committee.committee().network(), payout());
    Certificate certificate = certify(redeem, 3);
    for (int a = 0; a < 4; a++) {
      CountersignReply reply = ask(a, certificate.encode());
      assertThat(reply.getChainId()).isEqualTo(ethereum.chainId());
      assertThat(Bytes.copyOf(reply.getContract().toByteArray())).isEqualTo(ethereum.contract().bytes());
      PrimaryAddress signer = new PrimaryAddress(Bytes.copyOf(reply.getSigner().toByteArray()));
      assertThat(signer).isEqualTo(committee.members().get(a).ethereum().orElseThrow());
      RedeemCountersignature countersignature = new RedeemCountersignature(signer, reply.getSignature().toByteArray());
      assertThat(countersignature.verifies(ethereum.chainId(), ethereum.contract(), redeem)).isTrue();
      assertThat(countersignature.verifies(ethereum.chainId() + 1, ethereum.contract(), redeem)).isFalse();
    }
  }

  @Test
  void anythingButACertifiedRedeemIsRefusedWithItsCode() throws Exception {
    NetworkId ours = committee.committee().network();
    Certificate transfer = certify(order(ours, new Recipient.Account(new AccountId(KeyPair.generate(RANDOM).publicKey()))), 3);
    Certificate underQuorum = certify(order(ours, payout()), 2);
    Certificate otherNetwork = certify(order(NetworkId.named("elsewhere"), payout()), 3);
    Certificate toZero = certify(order(ours, new Recipient.Primary(new PrimaryAddress(Bytes.copyOf(new byte[20])))), 3);
    assertRefused(transfer.encode(), ProtocolError.Code.NOT_A_REDEEM);
    assertRefused(underQuorum.encode(), ProtocolError.Code.INSUFFICIENT_QUORUM);
    assertRefused(otherNetwork.encode(), ProtocolError.Code.WRONG_NETWORK);
    assertRefused(toZero.encode(), ProtocolError.Code.INVALID_PRIMARY_ADDRESS);
    assertRefused(new byte[] {1, 2, 3}, ProtocolError.Code.MALFORMED);
  }

  static void assertRefused(byte[] certificate, ProtocolError.Code code) {
    assertThatThrownBy(() -> ask(0, certificate)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(RpcErrors.errorCode(e)).contains(code);
      assertThat(e.getStatus().getCode()).isNotEqualTo(Status.Code.INTERNAL);
    });
  }

  @Test
  void theCommitteeCountersignerGathersAQuorumOverGrpcAndRelaysARefusal() throws Exception {
    try (CommitteeCountersigner countersigner = new CommitteeCountersigner(committee, InsecureChannelCredentials.create(),
        Duration.ofSeconds(5), 2)) {
      TransferOrder redeem = order(committee.committee().network(), payout());
      VerifiedCertificate verified = VerifiedCertificate.check(certify(redeem, 3), committee.committee());
      List<RedeemCountersignature> countersignatures = countersigner.countersign(verified, ethereum.chainId(), ethereum.contract());
      assertThat(countersignatures.size()).isGreaterThanOrEqualTo(3);
      assertThat(countersignatures).allSatisfy(c -> assertThat(c.verifies(ethereum.chainId(), ethereum.contract(), redeem)).isTrue());
      assertThat(RedeemCountersignature.pack(countersignatures)).hasSize(countersignatures.size() * RedeemCountersignature.SIZE);

      VerifiedCertificate transfer = VerifiedCertificate.check(certify(order(committee.committee().network(),
          new Recipient.Account(new AccountId(KeyPair.generate(RANDOM).publicKey()))), 3), committee.committee());
      assertThatThrownBy(() -> countersigner.countersign(transfer, ethereum.chainId(), ethereum.contract()))
          .isInstanceOfSatisfying(ProtocolException.class,
              e -> assertThat(e.error().code()).isEqualTo(ProtocolError.Code.NOT_A_REDEEM));
    }
  }
}
