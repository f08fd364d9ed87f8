package io.quorumpay.authority.server;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quorumpay.api.RpcErrors;
import io.quorumpay.core.error.ProtocolError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pins the internal port to the authority's own TLS certificate. Every node of a network has a
 * certificate from the same CA, so mutual TLS alone would let another authority or the primary
 * in; this interceptor refuses, with {@code NOT_A_SIBLING}, any caller whose certificate is not the
 * one this authority's shards share, and logs who tried. It also records the caller's address.
 */
final class SiblingCertificate implements ServerInterceptor {
  private static final Logger log = LoggerFactory.getLogger(SiblingCertificate.class);

  private final byte[] own;
  private final RemoteAddress remote = new RemoteAddress();

  private SiblingCertificate(byte[] own) {
    this.own = own;
  }

  /** The interceptor that admits only callers presenting the certificate in {@code certFile}. */
  static SiblingCertificate pinned(Path certFile) throws IOException {
    try (InputStream in = Files.newInputStream(certFile)) {
      return new SiblingCertificate(CertificateFactory.getInstance("X.509").generateCertificate(in).getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read this authority's certificate " + certFile + ": " + e.getMessage(), e);
    }
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    String presented = "no certificate";
    try {
      if (session != null) {
        Certificate[] chain = session.getPeerCertificates();
        if (chain.length > 0 && Arrays.equals(chain[0].getEncoded(), own)) {
          return remote.interceptCall(call, headers, next);
        }
        presented = chain.length == 0 ? presented : ((java.security.cert.X509Certificate) chain[0]).getSubjectX500Principal().getName();
      }
    } catch (SSLPeerUnverifiedException | GeneralSecurityException e) {
      presented = "an unverified certificate";
    }
    log.atWarn().addKeyValue("caller", call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)).addKeyValue("certificate", presented)
        .log("refused a caller of the internal port that is not a shard of this authority");
    var refusal = RpcErrors.toStatus(new ProtocolError.NotASibling("the caller's TLS certificate (" + presented
        + ") is not this authority's"));
    call.close(refusal.getStatus(), refusal.getTrailers());
    return new ServerCall.Listener<>() {};
  }
}
