package io.quorumpay.cli;

import io.quorumpay.client.WalletFile;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.types.AccountId;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qp keygen}: a new key in a new wallet file. */
@Command(name = "keygen", mixinStandardHelpOptions = true, description = "Create a wallet with a new key (owner-only file).")
final class KeygenCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--wallet", defaultValue = "qp-data/wallet.json", paramLabel = "FILE", description = "Where (default: ${DEFAULT-VALUE}).")
  Path wallet;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Override
  public Integer call() {
    Output output = new Output(spec, json);
    try {
      KeyPair key = KeyPair.generate(new SecureRandom());
      WalletFile.create(wallet, key);
      AccountId account = new AccountId(key.publicKey());
      output.result("account " + account + "\nwallet  " + wallet, Map.of("account", account.text(), "wallet", wallet.toString()));
      output.note("the wallet file holds the secret key (owner-only). Keep a backup, but never use two copies at once:"
          + " they could sign different orders at one sequence number and lock the account for good. It belongs to the"
          + " first network it is used with.");
      return Exit.OK;
    } catch (IOException e) {
      return output.error(Exit.STORAGE, e.getMessage());
    }
  }
}
