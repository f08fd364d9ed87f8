package io.quorumpay.cli;

import io.quorumpay.core.text.TextFormException;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.PrimaryAddress;
import picocli.CommandLine.Option;

/**
 * Reading account ids and primary addresses that a person typed: only their checksummed forms,
 * unless {@code --raw-hex} says the forms without a checksum are meant (a typo in them would pay
 * an account or address nobody owns).
 */
final class TypedInput {
  @Option(names = "--raw-hex", description = "Also accept an account id as 64 raw hex digits and an address in all lower or"
      + " all upper case: forms without a checksum, in which a typo goes unnoticed.")
  boolean rawHex;

  /** An account id: {@code qp1…} (bech32m), or 64 hex digits with {@code --raw-hex}. */
  AccountId account(String text) throws TextFormException {
    return AccountId.parseText(text, rawHex);
  }

  /** A primary address: EIP-55 mixed case, or all lower or upper case with {@code --raw-hex}. */
  PrimaryAddress address(String text) throws TextFormException {
    return PrimaryAddress.parseText(text, rawHex);
  }
}
