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
  private final List<Certificate> appliedLog = new ArrayList<>();
  private final Map<AccountId, List<Certificate>> received = new HashMap<>();

  /** Makes this log a copy of {@code other} (which must not change while it is copied). */
  void copyFrom(InMemoryCertificateLog other) {
    applied.putAll(other.applied);
    appliedLog.addAll(other.appliedLog);
    other.received.forEach((recipient, log) -> received.put(recipient, new ArrayList<>(log)));
  }

  /** Records what {@code writes} adds. */
  public void record(ShardWrites writes) {
    if (!writes.applied().isEmpty() && writes.appliedFrom() != appliedLog.size()) {
      throw new IllegalStateException("applied log of " + appliedLog.size() + " entries continued at " + writes.appliedFrom());
    }
    for (Certificate certificate : writes.applied()) {
      applied.put(certificate.key(), certificate);
      appliedLog.add(certificate);
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
    return page(received.getOrDefault(recipient, List.of()), from, limit);
  }

  @Override
  public List<Certificate> appliedLog(long from, int limit) {
    return page(appliedLog, from, limit);
  }

  @Override
  public long appliedLogSize() {
    return appliedLog.size();
  }

  private static List<Certificate> page(List<Certificate> log, long from, int limit) {
    if (from >= log.size()) {
      return List.of();
    }
    return List.copyOf(log.subList((int) from, (int) Math.min(log.size(), from + limit)));
  }
}
