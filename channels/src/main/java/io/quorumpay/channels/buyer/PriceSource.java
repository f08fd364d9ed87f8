package io.quorumpay.channels.buyer;

import java.util.OptionalLong;

/**
 * What a call costs, per method ({@code /package.Service/Method}), in the smallest unit of the
 * seller's asset: empty or 0 for a call sent without payment. The seller's prices file
 * ({@code PriceFile::price}, {@code Prices::price}) fits.
 */
@FunctionalInterface
public interface PriceSource {
  /** The price of one call to {@code method}. */
  OptionalLong price(String method);
}
