/**
 * The durable channel records a seller keeps ({@link io.quorumpay.channels.ledger.ChannelLedger}): on local
 * RocksDB for one process, or in etcd for replicas sharing channels.
 */
package io.quorumpay.channels.ledger;
