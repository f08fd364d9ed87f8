package io.quorumpay.ethereum;

import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.types.PrimaryAddress;
import java.util.Optional;

/**
 * Whether what an Ethereum node answered is the configured chain and this committee's contract:
 * the pure rule behind every connection (the answers are gathered at the edge, by
 * {@link EthereumSettings#connect} and {@link EthereumPrimaryChain#connect}).
 */
final class ContractCheck {
  private ContractCheck() {}

  /** What the contract at the configured address says it is for; none when the address holds no code. */
  record Identity(Bytes network, Bytes committee) {}

  /** Why a node on chain {@code nodeChain} is not the configured {@code configuredChain}, if it is not. */
  static Optional<String> chainMismatch(String endpoint, long configuredChain, long nodeChain) {
    return nodeChain == configuredChain
        ? Optional.empty()
        : Optional.of("the Ethereum node at " + endpoint + " is on chain " + nodeChain + ", not the configured " + configuredChain);
  }

  /** Why the contract at {@code address} is not {@code committee}'s, if it is not. */
  static Optional<String> contractMismatch(PrimaryAddress address, Optional<Identity> identity, Committee committee) {
    if (identity.isEmpty()) {
      return Optional.of("there is no contract at " + address + " on this chain; is the address (or the chain) the right one?");
    }
    if (!identity.get().network().equals(committee.network().bytes())) {
      return Optional.of("the contract at " + address + " is for network 0x" + identity.get().network().toHex()
          + ", not this committee's " + committee.network());
    }
    if (!identity.get().committee().equals(committee.digest())) {
      return Optional.of("the contract at " + address + " registered another committee (digest 0x"
          + identity.get().committee().toHex() + ", this one's is " + committee.digest().toHex() + ")");
    }
    return Optional.empty();
  }
}
