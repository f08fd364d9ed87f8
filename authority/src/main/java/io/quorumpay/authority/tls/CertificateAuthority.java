package io.quorumpay.authority.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A private certificate authority for one network's transport security: it signs a certificate
 * for each node (authority or primary) that serves TLS and, between the shards of an authority,
 * authenticates as a client too. Keys are ECDSA P-256, written as PEM; private keys owner-only.
 * For production, operators may use their own CA instead (docs/OPERATIONS.md).
 */
public final class CertificateAuthority {
  private static final Duration VALIDITY = Duration.ofDays(3650);

  private final KeyPair keys;
  private final X509Certificate certificate;
  private final SecureRandom random;

  private CertificateAuthority(KeyPair keys, X509Certificate certificate, SecureRandom random) {
    this.keys = keys;
    this.certificate = certificate;
    this.random = random;
  }

  /** A new CA; writes its certificate to {@code certFile} (its key stays in memory unless {@code keyFile} is given). */
  public static CertificateAuthority create(String name, Path certFile, Path keyFile) throws IOException {
    try {
      SecureRandom random = new SecureRandom();
      KeyPair keys = generate(random);
      X500Name subject = new X500Name("CN=" + name);
      Instant now = Instant.now();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, random),
          Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(VALIDITY)), subject, keys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      X509Certificate certificate = sign(builder, keys);
      writePem(certFile, certificate, false);
      if (keyFile != null) {
        writePem(keyFile, keys.getPrivate(), true);
      }
      return new CertificateAuthority(keys, certificate, random);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("cannot create a certificate authority: " + e.getMessage(), e);
    }
  }

  /** Issues a certificate for {@code hosts} (names or IP addresses), usable as server and as client. */
  public void issue(String name, List<String> hosts, Path certFile, Path keyFile) throws IOException {
    try {
      KeyPair node = generate(random);
      Instant now = Instant.now();
      List<GeneralName> names = new ArrayList<>();
      for (String host : hosts) {
        names.add(isIpAddress(host) ? new GeneralName(GeneralName.iPAddress, host) : new GeneralName(GeneralName.dNSName, host));
      }
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, new BigInteger(64, random),
          Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(VALIDITY)), new X500Name("CN=" + name), node.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
          .addExtension(Extension.extendedKeyUsage, false,
              new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
          .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
      writePem(certFile, sign(builder, keys), false);
      writePem(keyFile, node.getPrivate(), true);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("cannot issue a certificate for " + name + ": " + e.getMessage(), e);
    }
  }

  private static boolean isIpAddress(String host) {
    return host.matches("[0-9.]+") || host.contains(":");
  }

  private static KeyPair generate(SecureRandom random) throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), random);
    return generator.generateKeyPair();
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
  }

  private static void writePem(Path file, Object value, boolean secret) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    StringWriter text = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
      pem.writeObject(secret ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(
          (java.security.PrivateKey) value, null).generate() : value);
    }
    if (secret) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
  }

}
