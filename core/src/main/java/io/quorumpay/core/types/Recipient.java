package io.quorumpay.core.types;

/** Who a transfer pays: a QuorumPay account, or an address on the primary chain (a redeem). */
public sealed interface Recipient {

  /** Pays a QuorumPay account. */
  record Account(AccountId id) implements Recipient {
    @Override
    public String toString() {
      return id.toString();
    }
  }

  /** Pays out on the primary chain: the certificate is a redeem. */
  record Primary(PrimaryAddress address) implements Recipient {
    @Override
    public String toString() {
      return address.toString();
    }
  }
}
