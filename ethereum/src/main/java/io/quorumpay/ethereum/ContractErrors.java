package io.quorumpay.ethereum;

import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.NetworkId;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.ethereum.contracts.QuorumPayPrimary;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.web3j.abi.CustomErrorEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.CustomError;
import org.web3j.abi.datatypes.Type;
import org.web3j.utils.Numeric;

/**
 * Turns the contract's custom errors (revert data: a 4-byte selector and ABI-encoded arguments)
 * into QuorumPay's typed refusals where the protocol has one, and into a plain {@link ContractRefusal}
 * naming the error otherwise. The errors are read from the generated wrapper, so every error the
 * contract declares is known here.
 */
public final class ContractErrors {
  private static final Map<String, CustomError> BY_SELECTOR = new HashMap<>();

  static {
    for (Field field : QuorumPayPrimary.class.getFields()) {
      if (field.getType() == CustomError.class && Modifier.isStatic(field.getModifiers())) {
        try {
          CustomError error = (CustomError) field.get(null);
          BY_SELECTOR.put(CustomErrorEncoder.encode(error).substring(0, 10), error);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  private ContractErrors() {}

  /** The names of every error the contract declares. */
  public static List<String> names() {
    return BY_SELECTOR.values().stream().map(CustomError::getName).sorted().toList();
  }

  /** A revert by the contract, decoded: the error's name and its arguments. */
  public record Decoded(String name, List<Type> arguments) {
    @Override
    public String toString() {
      return name + arguments.stream().map(a -> a.getValue() instanceof byte[] b ? Numeric.toHexString(b)
          : String.valueOf(a.getValue())).toList().toString().replace('[', '(').replace(']', ')');
    }
  }

  /** Decodes revert data ({@code 0x} + hex), or returns null if it is not one of the contract's errors. */
  public static Decoded decode(String revertData) {
    if (revertData == null) {
      return null;
    }
    String hex = revertData.strip();
    if (hex.startsWith("\"") && hex.endsWith("\"") && hex.length() >= 2) {
      hex = hex.substring(1, hex.length() - 1);
    }
    if (!hex.startsWith("0x") || hex.length() < 10) {
      return null;
    }
    CustomError error = BY_SELECTOR.get(hex.substring(0, 10).toLowerCase(java.util.Locale.ROOT));
    if (error == null) {
      return null;
    }
    @SuppressWarnings({"unchecked", "rawtypes"})
    List<TypeReference<Type>> parameters = (List) error.getParameters();
    List<Type> arguments = FunctionReturnDecoder.decode("0x" + hex.substring(10), parameters);
    return new Decoded(error.getName(), arguments);
  }

  /**
   * The refusal for revert data: a ProtocolException with the protocol's code for the errors the
   * protocol names (ZERO_AMOUNT, REDEEM_REPLAY, ...), a {@link ContractRefusal} for the others, and
   * an IOException if the data is not the contract's (the node or the contract is not what it seems).
   */
  public static Exception refusal(String revertData, String nodeMessage) {
    Decoded decoded = decode(revertData);
    if (decoded == null) {
      return new IOException("the Ethereum node refused the transaction: " + nodeMessage);
    }
    List<Type> a = decoded.arguments();
    ProtocolError error = switch (decoded.name()) {
      case "ZeroAmount" -> new ProtocolError.ZeroAmount();
      case "BalanceOverflow" -> new ProtocolError.BalanceOverflow("funds of " + asset(a.get(0)) + " would exceed 2^63 - 1");
      case "WrongNetwork" -> new ProtocolError.WrongNetwork(network(a.get(0)), network(a.get(1)));
      case "NotARedeem" -> new ProtocolError.NotARedeem(account(a.get(0)), u64(a.get(1)));
      case "InvalidPrimaryAddress" -> new ProtocolError.InvalidPrimaryAddress(
          new PrimaryAddress(Bytes.copyOf(new byte[PrimaryAddress.SIZE])));
      case "InsufficientQuorum" -> new ProtocolError.InsufficientQuorum(u64(a.get(0)), u64(a.get(1)));
      case "RedeemReplay" -> new ProtocolError.RedeemReplay(account(a.get(0)), u64(a.get(1)), u64(a.get(2)));
      case "InsufficientFunds" -> new ProtocolError.InsufficientFunds(asset(a.get(0)), u64(a.get(1)), u64(a.get(2)));
      default -> null;
    };
    return error == null ? new ContractRefusal(decoded) : new ProtocolException(error);
  }

  private static long u64(Type value) {
    return ((BigInteger) value.getValue()).longValueExact();
  }

  private static byte[] raw(Type value) {
    return (byte[]) value.getValue();
  }

  private static AccountId account(Type value) {
    return new AccountId(new io.quorumpay.core.crypto.PublicKey(Bytes.copyOf(raw(value))));
  }

  private static NetworkId network(Type value) {
    return new NetworkId(Bytes.copyOf(raw(value)));
  }

  private static AssetId asset(Type value) {
    try {
      return AssetId.fromBytes(raw(value));
    } catch (ProtocolException e) {
      return new AssetId("UNKNOWN");
    }
  }
}
