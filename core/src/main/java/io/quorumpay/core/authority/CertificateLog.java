package io.quorumpay.core.authority;

import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.OrderKey;
import io.quorumpay.core.types.AccountId;
import java.util.List;
import java.util.Optional;

/**
 * Read access to the certificates a shard has applied and its recipients' received logs. They
 * grow without bound, so a shard's state keeps only counts and storage keeps the certificates;
 * this port is how queries reach them (in memory in tests, on disk in production).
 */
public interface CertificateLog {

  /** The certificate applied for {@code key}'s sender at its sequence number, if any. */
  Optional<Certificate> applied(OrderKey key);

  /** Up to {@code limit} entries of {@code recipient}'s received log from {@code from}, in order. */
  List<Certificate> received(AccountId recipient, long from, int limit);

  /**
   * Up to {@code limit} entries of the shard's applied log from position {@code from}: every
   * certificate this shard applied, in the order it applied them. Peers catch up from it.
   */
  List<Certificate> appliedLog(long from, int limit);

  /** How many entries the applied log holds (durably). */
  long appliedLogSize();
}
