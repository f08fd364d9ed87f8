package io.quorumpay.ethereum;

import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.types.PrimaryAddress;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * An authority's secp256k1 countersignature of a redeem order, which the Ethereum primary contract
 * checks with {@code ecrecover} (docs/PROTOCOL.md, "Ethereum primary"). The signed digest is
 * keccak256 of: the 16-byte tag {@code QP-REDEEM-ETH-V1}, the chain id as a 32-byte big-endian
 * integer, the contract's 20-byte address, and the 169-byte transfer order. The signature is 65
 * bytes: r (32), s (32, at most n/2), v (27 or 28).
 *
 * @param signer the Ethereum address of the signing key
 * @param signature r || s || v
 */
public record RedeemCountersignature(PrimaryAddress signer, byte[] signature) {
  /** The domain tag of the digest. */
  public static final byte[] TAG = Arrays.copyOf("QP-REDEEM-ETH-V1".getBytes(StandardCharsets.US_ASCII), 16);
  /** Size of one signature. */
  public static final int SIZE = 65;

  public RedeemCountersignature {
    if (signature.length != SIZE) {
      throw new IllegalArgumentException("a countersignature is 65 bytes, not " + signature.length);
    }
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** The 237 bytes whose keccak256 is countersigned. */
  public static byte[] payload(long chainId, PrimaryAddress contract, TransferOrder order) {
    byte[] encoded = order.encode();
    byte[] payload = new byte[16 + 32 + 20 + encoded.length];
    System.arraycopy(TAG, 0, payload, 0, 16);
    byte[] chain = BigInteger.valueOf(chainId).toByteArray();
    System.arraycopy(chain, 0, payload, 48 - chain.length, chain.length);
    contract.bytes().copyTo(payload, 48);
    System.arraycopy(encoded, 0, payload, 68, encoded.length);
    return payload;
  }

  /** keccak256 of {@link #payload}. */
  public static byte[] digest(long chainId, PrimaryAddress contract, TransferOrder order) {
    return Hash.sha3(payload(chainId, contract, order));
  }

  /** Signs {@code order} for the contract at {@code contract} on chain {@code chainId} with {@code key}. */
  public static RedeemCountersignature sign(ECKeyPair key, long chainId, PrimaryAddress contract, TransferOrder order) {
    Sign.SignatureData data = Sign.signMessage(digest(chainId, contract, order), key, false);
    byte[] signature = new byte[SIZE];
    System.arraycopy(data.getR(), 0, signature, 0, 32);
    System.arraycopy(data.getS(), 0, signature, 32, 32);
    signature[64] = data.getV()[0];
    return new RedeemCountersignature(address(key), signature);
  }

  /** The Ethereum address of {@code key}. */
  public static PrimaryAddress address(ECKeyPair key) {
    return new PrimaryAddress(Bytes.copyOf(Numeric.hexStringToByteArray(Keys.getAddress(key.getPublicKey()))));
  }

  /**
   * Whether this is {@link #signer()}'s signature of {@code order} for the contract at
   * {@code contract} on chain {@code chainId}, in the form the contract accepts (low s, v 27 or 28).
   */
  public boolean verifies(long chainId, PrimaryAddress contract, TransferOrder order) {
    byte v = signature[64];
    byte[] s = Arrays.copyOfRange(signature, 32, 64);
    if ((v != 27 && v != 28) || new BigInteger(1, s).compareTo(Sign.CURVE_PARAMS.getN().shiftRight(1)) > 0) {
      return false;
    }
    try {
      BigInteger key = Sign.signedMessageHashToKey(digest(chainId, contract, order),
          new Sign.SignatureData(v, Arrays.copyOfRange(signature, 0, 32), s));
      return new PrimaryAddress(Bytes.copyOf(Numeric.hexStringToByteArray(Keys.getAddress(key)))).equals(signer);
    } catch (java.security.SignatureException | IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * What the contract's {@code redeem} takes: the signatures concatenated in ascending order of
   * signer address, each signer once.
   */
  public static byte[] pack(List<RedeemCountersignature> countersignatures) {
    List<RedeemCountersignature> sorted = new ArrayList<>(countersignatures);
    sorted.sort(Comparator.comparing(c -> c.signer().bytes()));
    byte[] packed = new byte[sorted.size() * SIZE];
    for (int i = 0; i < sorted.size(); i++) {
      if (i > 0 && sorted.get(i).signer().equals(sorted.get(i - 1).signer())) {
        throw new IllegalArgumentException("two countersignatures by " + sorted.get(i).signer());
      }
      System.arraycopy(sorted.get(i).signature, 0, packed, i * SIZE, SIZE);
    }
    return packed;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RedeemCountersignature other && signer.equals(other.signer)
        && Arrays.equals(signature, other.signature);
  }

  @Override
  public int hashCode() {
    return signer.hashCode() * 31 + Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "RedeemCountersignature[" + signer + "]";
  }
}
