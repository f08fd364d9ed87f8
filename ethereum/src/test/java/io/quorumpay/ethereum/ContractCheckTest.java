package io.quorumpay.ethereum;

import static org.assertj.core.api.Assertions.assertThat;

import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.types.PrimaryAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rule that decides whether a node's answers are the configured chain and this committee's contract. */
class ContractCheckTest {
  static final PrimaryAddress CONTRACT = new PrimaryAddress(Bytes.copyOf(new byte[] {
      0x5f, (byte) 0xbd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));

  @Test
  void onlyTheConfiguredChainAndThisCommitteesContractPass() {
    Committee ours = new TestNetwork("contract-check").committee;
    Committee theirs = new TestNetwork("contract-check-other").committee;
    ContractCheck.Identity identity = new ContractCheck.Identity(ours.network().bytes(), ours.digest());

    assertThat(ContractCheck.chainMismatch("http://node", 31337, 31337)).isEmpty();
    assertThat(ContractCheck.chainMismatch("http://node", 1, 31337)).contains(
        "the Ethereum node at http://node is on chain 31337, not the configured 1");
    assertThat(ContractCheck.contractMismatch(CONTRACT, Optional.of(identity), ours)).isEmpty();
    assertThat(ContractCheck.contractMismatch(CONTRACT, Optional.empty(), ours)).get().asString()
        .startsWith("there is no contract at " + CONTRACT);
    assertThat(ContractCheck.contractMismatch(CONTRACT, Optional.of(identity), theirs)).get().asString()
        .contains("is for network");
    ContractCheck.Identity sameNetworkOtherCommittee = new ContractCheck.Identity(ours.network().bytes(), theirs.digest());
    assertThat(ContractCheck.contractMismatch(CONTRACT, Optional.of(sameNetworkOtherCommittee), ours)).get().asString()
        .contains("registered another committee");
  }
}
