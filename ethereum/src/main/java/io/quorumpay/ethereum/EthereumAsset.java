package io.quorumpay.ethereum;

import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.PrimaryAddress;
import java.math.BigInteger;
import java.util.Objects;

/**
 * A QuorumPay asset as the Ethereum contract holds it: ETH (token = the zero address) or an
 * ERC-20 token, and how many of the chain's base units (wei, or the token's smallest unit) make
 * one QuorumPay unit. Amounts in QuorumPay are u63 counts of units, so the unit sets the largest
 * amount the contract can hold: (2^63 - 1) units.
 */
public record EthereumAsset(AssetId id, PrimaryAddress token, BigInteger unit) {
  public EthereumAsset {
    Objects.requireNonNull(id);
    Objects.requireNonNull(token);
    if (unit.signum() <= 0) {
      throw new IllegalArgumentException("an asset's unit is positive");
    }
  }

  /** ETH as {@code id}, {@code unit} wei per unit. */
  public static EthereumAsset ether(AssetId id, BigInteger unit) {
    return new EthereumAsset(id, new PrimaryAddress(io.quorumpay.core.encoding.Bytes.copyOf(new byte[PrimaryAddress.SIZE])), unit);
  }

  /** Whether this is ETH rather than a token. */
  public boolean isEther() {
    return token.isZero();
  }
}
