package io.quorumpay.cli;

import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.VoteSignature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** A certificate given on the command line: hex, or {@code @file} holding hex. */
final class CertificateArgument {
  private CertificateArgument() {}

  static Certificate parse(String argument) throws ProtocolException {
    String hex = argument;
    if (argument.startsWith("@")) {
      try {
        hex = Files.readString(Path.of(argument.substring(1)));
      } catch (IOException e) {
        throw new ProtocolException(new ProtocolError.Malformed("certificate", "cannot read " + argument.substring(1)));
      }
    }
    hex = hex.replaceAll("\\s", "");
    try {
      return Certificate.decode(HexFormat.of().parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(new ProtocolError.Malformed("certificate", "not hex"));
    }
  }

  /** The certificate's fields, for people and for JSON. */
  static Map<String, Object> describe(Certificate certificate, Committee committee) {
    Map<String, Object> fields = new LinkedHashMap<>();
    if (certificate.order() instanceof TransferOrder order) {
      fields.put("sender", order.sender().toString());
      fields.put("sequenceNumber", order.sequenceNumber().value());
      fields.put("recipient", order.recipient().toString());
      fields.put("asset", order.asset().code());
      fields.put("amount", order.amount().units());
      fields.put("userData", order.userData().toString());
    } else {
      // A payment channel's order: the wallet commands do not handle channels; its kind and slot say what it is.
      fields.put("kind", certificate.order().getClass().getSimpleName());
      fields.put("slot", certificate.key().toString());
    }
    fields.put("votes", certificate.votes().stream().map(VoteSignature::authority).map(Object::toString).toList());
    fields.put("quorum", committee.quorumThreshold());
    return fields;
  }

  static String text(Map<String, Object> fields) {
    StringBuilder text = new StringBuilder();
    fields.forEach((name, value) -> text.append(String.format("%-15s %s%n", name, value)));
    return text.toString().stripTrailing();
  }
}
