package io.quorumpay.hub.committee;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a quorum of authorities says about one account, from their replies (pure). Authorities may
 * be behind or lying; the hub reports only values that authorities of a quorum's weight all
 * reach: per asset the largest balance that a quorum reports at least, and the largest next
 * sequence number that a quorum reports at least. An honest client checks these by asking the
 * committee itself (docs/HUB.md, "Checking the hub").
 */
public final class QuorumView {
  private QuorumView() {}

  /** One authority's reply: its weight, its balances and its next sequence number. */
  public record Report(long weight, Map<String, Long> balances, long nextSequenceNumber) {}

  /** The quorum's view; {@code answeredWeight} tells how much of the committee answered. */
  public record View(Map<String, Long> balances, long nextSequenceNumber, long answeredWeight, int answered) {}

  /** The view of {@code reports} for a committee whose quorum is {@code quorumWeight}; empty values without a quorum of reports. */
  public static View of(List<Report> reports, long quorumWeight) {
    long answered = reports.stream().mapToLong(Report::weight).sum();
    Set<String> assets = new TreeSet<>();
    reports.forEach(report -> assets.addAll(report.balances().keySet()));
    Map<String, Long> balances = new TreeMap<>();
    for (String asset : assets) {
      List<long[]> values = new ArrayList<>();
      reports.forEach(report -> values.add(new long[] {report.balances().getOrDefault(asset, 0L), report.weight()}));
      quorumFloor(values, quorumWeight).ifPresent(value -> balances.put(asset, value));
    }
    List<long[]> sequences = reports.stream().map(report -> new long[] {report.nextSequenceNumber(), report.weight()}).toList();
    long next = quorumFloor(new ArrayList<>(sequences), quorumWeight).orElse(0L);
    return new View(balances, next, answered, reports.size());
  }

  /** The largest value that authorities of total weight at least {@code quorumWeight} all report at least. */
  static java.util.Optional<Long> quorumFloor(List<long[]> valueAndWeight, long quorumWeight) {
    valueAndWeight.sort(Comparator.comparingLong((long[] pair) -> pair[0]).reversed());
    long weight = 0;
    for (long[] pair : valueAndWeight) {
      weight += pair[1];
      if (weight >= quorumWeight) {
        return java.util.Optional.of(pair[0]);
      }
    }
    return java.util.Optional.empty();
  }
}
