package io.quorumpay.ethereum;

import java.io.IOException;

/**
 * The Ethereum node answered, but not as the configured chain and contract: it is on another chain,
 * or the address holds no contract, or another network's or committee's. Waiting cannot fix that
 * (a node that does not answer is a plain IOException instead): whoever configured it must.
 */
public final class ChainMismatchException extends IOException {
  /** The mismatch, said for the operator. */
  public ChainMismatchException(String message) {
    super(message);
  }
}
