/**
 * Reverse proxies that charge calls through the payment gate for services in any language:
 * {@link io.quorumpay.channels.proxy.GrpcProxy} and {@link io.quorumpay.channels.proxy.HttpProxy}.
 */
package io.quorumpay.channels.proxy;
