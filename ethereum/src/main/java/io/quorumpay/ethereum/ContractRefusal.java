package io.quorumpay.ethereum;

import java.io.IOException;

/**
 * The contract refused a transaction with one of its own errors that QuorumPay's protocol has no
 * code for (an unknown asset, a token that refused a transfer, a recipient that refused ETH, an
 * unknown countersigner, ...). Nothing moved. {@link #error()} names it, as in the contract.
 */
public final class ContractRefusal extends IOException {
  private static final long serialVersionUID = 1L;
  private final transient ContractErrors.Decoded error;

  ContractRefusal(ContractErrors.Decoded error) {
    super("the primary contract refused: " + error);
    this.error = error;
  }

  /** The contract's error name, e.g. {@code UnknownAsset}. */
  public String name() {
    return error.name();
  }

  /** The decoded error. */
  public ContractErrors.Decoded error() {
    return error;
  }
}
