package io.quorumpay.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Ed25519Test {
  @Test
  void matchesRfc8032TestOne() throws ProtocolException {
    KeyPair key = KeyPair.fromSeedHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    assertThat(key.publicKey().toString()).isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    Signature signature = key.sign(new byte[0]);
    assertThat(signature.toString()).isEqualTo(
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    assertThat(key.publicKey().verifies(new byte[0], signature)).isTrue();
  }

  @Test
  void refusesTamperedMessagesAndSignatures() {
    KeyPair key = KeyPair.fromSeed(new byte[32]);
    byte[] message = "pay bob 10".getBytes();
    Signature signature = key.sign(message);
    byte[] tampered = message.clone();
    tampered[0] ^= 1;
    assertThat(key.publicKey().verifies(tampered, signature)).isFalse();
    byte[] bad = signature.bytes().toArray();
    bad[63] ^= 0x40; // S no longer canonical or no longer right
    assertThat(key.publicKey().verifies(message, new Signature(Bytes.copyOf(bad)))).isFalse();
    assertThat(new PublicKey(Bytes.copyOf(HexFormat.of().parseHex("02" + "00".repeat(31)))).verifies(message, signature)).isFalse();
  }
}
