/**
 * Checksummed text forms for values people copy by hand: account ids as bech32m ({@code qp1…},
 * BIP-350) and primary addresses as EIP-55 mixed-case hex. A one-character typo in either is
 * detected instead of paying an account or address nobody owns. Pure codecs, no I/O.
 */
package io.quorumpay.core.text;
