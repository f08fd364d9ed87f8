/**
 * The seller's pure decision on a paid call ({@link io.quorumpay.channels.policy.PaymentPolicy}) and the values
 * it reads and returns: no I/O, clock or threads. Everything else in the module feeds it or stores what it decides.
 */
package io.quorumpay.channels.policy;
