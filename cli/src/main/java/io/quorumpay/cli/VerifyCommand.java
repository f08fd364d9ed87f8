package io.quorumpay.cli;

import io.quorumpay.api.config.ConfigException;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.VerifiedCertificate;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code qp verify}: checks a certificate offline against the committee file. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Check a certificate offline against the committee: decoded, with every vote verified. Exit 0 if valid, 3 if not.")
class VerifyCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  NetworkOptions network;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Parameters(paramLabel = "CERTIFICATE", description = "The certificate in hex, or @FILE holding it.")
  String certificate;

  @Override
  public Integer call() {
    Output output = new Output(spec, json);
    Committee committee;
    Certificate parsed;
    try {
      committee = network.committee().committee();
      parsed = CertificateArgument.parse(certificate);
    } catch (ConfigException | ProtocolException e) {
      return output.error(Exit.USAGE, e.getMessage());
    }
    Map<String, Object> fields = new java.util.LinkedHashMap<>(CertificateArgument.describe(parsed, committee));
    try {
      VerifiedCertificate.check(parsed, committee);
      fields.put("valid", true);
      output.result(CertificateArgument.text(fields), fields);
      return Exit.OK;
    } catch (ProtocolException e) {
      fields.put("valid", false);
      fields.put("reason", e.getMessage());
      output.result(CertificateArgument.text(fields), fields);
      return Exit.REFUSED;
    }
  }

  /** {@code qp show certificate}: the same, under {@code show}. */
  @Command(name = "certificate", mixinStandardHelpOptions = true,
      description = "Decode a certificate and verify it against the committee.")
  static final class Show extends VerifyCommand {}
}
