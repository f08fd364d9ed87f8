package io.quorumpay.hub;

import static io.quorumpay.hub.HubFixture.account;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import io.quorumpay.api.AppliedLogReply;
import io.quorumpay.api.AppliedLogRequest;
import io.quorumpay.api.AuthorityGrpc;
import io.quorumpay.api.config.CommitteeFile;
import io.quorumpay.client.CommitteeClient;
import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.crypto.Signature;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.VoteSignature;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.core.types.UserData;
import io.quorumpay.hub.store.EmbeddedPostgres;
import io.quorumpay.hub.store.HubDatabase;
import io.quorumpay.hub.store.Indexer;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An authority that lies in its applied log (certificates with forged votes, or too few) gets
 * nothing indexed: the hub checks every certificate against the committee; the honest
 * authorities' certificates are indexed as usual.
 */
class IndexerLiarTest {
  @Test
  void forgedCertificatesFromALyingAuthorityAreNeverIndexed() throws Exception {
    HubFixture fixture = HubFixture.get();
    // One honest certificate of its own, so the test does not rely on others having paid first.
    KeyPair payer = fixture.newKey();
    fixture.fund(payer, 10);
    assertThat(fixture.post("/v1/orders", "{\"signedOrder\":\""
        + fixture.signedTransfer(payer, new Recipient.Account(account(fixture.newKey())), 5, 0) + "\"}").status()).isEqualTo(200);
    KeyPair victim = fixture.newKey();
    CommitteeFile real = CommitteeFile.read(fixture.layout.committeeFile());
    SecureRandom random = new SecureRandom();
    List<VoteSignature> forgedVotes = new ArrayList<>();
    for (CommitteeFile.Member member : real.members()) {
      byte[] signature = new byte[Signature.SIZE];
      random.nextBytes(signature);
      forgedVotes.add(new VoteSignature(member.name(), new Signature(Bytes.copyOf(signature))));
    }
    forgedVotes.sort((a, b) -> a.authority().compareTo(b.authority()));
    TransferOrder order = new TransferOrder(real.committee().network(), account(victim), new Recipient.Account(account(fixture.newKey())),
        HubFixture.QPC, new Amount(1_000_000), SequenceNumber.ZERO, UserData.EMPTY);
    Certificate forged = new Certificate(order, forgedVotes);
    Certificate tooFew = new Certificate(order, forgedVotes.subList(0, 1));

    Server liar = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).addService(new AuthorityGrpc.AuthorityImplBase() {
      @Override
      public void appliedLog(AppliedLogRequest request, StreamObserver<AppliedLogReply> replies) {
        AppliedLogReply.Builder reply = AppliedLogReply.newBuilder().setFrom(request.getFrom()).setTotal(2);
        if (request.getFrom() == 0) {
          reply.addCertificates(ByteString.copyFrom(forged.encode())).addCertificates(ByteString.copyFrom(tooFew.encode()));
        }
        replies.onNext(reply.build());
        replies.onCompleted();
      }
    }).build().start();
    List<CommitteeFile.Member> members = new ArrayList<>(real.members());
    String address = "127.0.0.1:" + liar.getPort();
    AuthorityName lying = members.get(0).name();
    members.set(0, new CommitteeFile.Member(lying, members.get(0).weight(), List.of(address, address)));
    try (EmbeddedPostgres postgres = EmbeddedPostgres.start(fixture.dir.resolve("liar-postgres"));
        HubDatabase database = HubDatabase.open(postgres.jdbcUrl(), postgres.user(), postgres.password());
        CommitteeClient committee = new CommitteeClient(new CommitteeFile(real.committee(), members, real.depositConfirmations()),
            InsecureChannelCredentials.create(), Duration.ofSeconds(3));
        Indexer indexer = new Indexer(database, committee, fixture.primary, Clock.systemUTC(), entries -> { })) {
      for (int pass = 0; pass < 20 && indexer.runOnce() > 0; pass++) {
        // Until every log is read.
      }
      assertThat(IndexerTest.count(database, "certificates WHERE owner = '" + account(victim).hex() + "'")).isZero();
      assertThat(IndexerTest.count(database, "history WHERE account = '" + account(victim).hex() + "'")).isZero();
      assertThat(IndexerTest.count(database, "certificates")).as("the honest authorities' certificates").isPositive();
      try (var c = database.dataSource().getConnection(); Statement s = c.createStatement();
          ResultSet rows = s.executeQuery("SELECT position FROM log_cursors WHERE authority = '" + lying.key().bytes().toHex() + "'")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getLong(1)).as("the liar's entries were read, and skipped").isEqualTo(2);
      }
    } finally {
      liar.shutdownNow();
    }
  }
}
