package io.quorumpay.core.authority;

import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.OrderKey;
import io.quorumpay.core.types.AccountId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link CertificateLog} in memory, fed with each {@link ShardWrites}; for tests and the simulator. */
public final class InMemoryCertificateLog implements CertificateLog {
  private final Map<OrderKey, Certificate> applied = new HashMap<>();
  private final Map<AccountId, List<Certificate>> received = new HashMap<>();

  /** Records what {@code writes} adds. */
  public void record(ShardWrites writes) {
    for (Certificate certificate : writes.applied()) {
      applied.put(certificate.key(), certificate);
    }
    for (ReceivedCertificate entry : writes.received()) {
      List<Certificate> log = received.computeIfAbsent(entry.recipient(), k -> new ArrayList<>());
      if (entry.position() != log.size()) {
        throw new IllegalStateException("received log of " + entry.recipient() + " skips to " + entry.position());
      }
      log.add(entry.certificate());
    }
  }

  @Override
  public Optional<Certificate> applied(OrderKey key) {
    return Optional.ofNullable(applied.get(key));
  }

  @Override
  public List<Certificate> received(AccountId recipient, long from, int limit) {
    List<Certificate> log = received.getOrDefault(recipient, List.of());
    if (from >= log.size()) {
      return List.of();
    }
    return List.copyOf(log.subList((int) from, (int) Math.min(log.size(), from + limit)));
  }
}
