/**
 * Trial tokens the seller signs ({@link io.quorumpay.channels.trial.TrialToken}) and the counters of the calls
 * they have used, on RocksDB or etcd.
 */
package io.quorumpay.channels.trial;
