package io.quorumpay.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quorumpay.core.client.ClientSnapshot;
import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.crypto.PublicKey;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.PrimaryDeposit;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.Order;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.SequenceNumber;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A wallet on disk: JSON, owner-only, replaced atomically. {@link #save} writes a new file next to
 * the old one, syncs it, renames it over the old one and syncs the folder, so a crash at any point
 * leaves either the old state or the new one, never a torn file.
 */
public final class WalletFile {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();
  private static final int VERSION = 1;

  private final Path file;

  private WalletFile(Path file) {
    this.file = file;
  }

  record Raw(int version, String secretKey, long nextSequenceNumber, String pendingOrder, List<String> sent,
      List<String> received, List<String> deposits, Map<String, Long> receivedPositions, long depositCursor,
      Long redeemsPaidThrough, String account, String committee, Map<String, Long> intents, List<String> channelPending,
      List<RawChannel> channels) {}

  /** A channel the wallet opened; {@code signerSecret} is the hot key's seed, null when the account's key signs. */
  record RawChannel(String id, String recipient, String asset, String signerSecret, long nonce, long authorized) {}

  /** Creates a new wallet file for {@code key}; refuses to overwrite an existing one. */
  public static WalletFile create(Path file, KeyPair key) throws IOException {
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException e) {
      throw new IOException("wallet " + file + " already exists; refusing to overwrite it", e);
    }
    WalletFile wallet = new WalletFile(file);
    wallet.save(new WalletData(key, new ClientSnapshot(SequenceNumber.ZERO, Optional.empty(), List.of(), List.of(), List.of()),
        Map.of(), 0, -1, Optional.empty(), Map.of(), Map.of()));
    return wallet;
  }

  /** An existing wallet file. */
  public static WalletFile at(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("no wallet at " + file + "; create one with: qp keygen --wallet " + file);
    }
    return new WalletFile(file);
  }

  public Path path() {
    return file;
  }

  /**
   * Claims the wallet for this process until the returned lock is closed: a second process (or a
   * second paykit here) that opens it is refused with a clear message, so two runs never sign
   * different orders at one sequence number. The lock is on a sibling file, since saving replaces
   * the wallet file itself.
   */
  public AutoCloseable lock() throws IOException {
    Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
    if (!Files.exists(lockFile)) {
      try {
        Files.createFile(lockFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (FileAlreadyExistsException raced) {
        // Another process made it first: the lock below decides.
      }
    }
    FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
    try {
      java.nio.channels.FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
        throw new WalletInUseException(file);
      }
      return channel::close;
    } catch (java.nio.channels.OverlappingFileLockException e) {
      channel.close();
      throw new WalletInUseException(file);
    }
  }

  /** The wallet is open in another process (or another paykit of this one). */
  public static final class WalletInUseException extends IOException {
    WalletInUseException(Path file) {
      super("wallet " + file + " is in use by another command or program; wait for it to finish. A wallet must never be"
          + " used from two places at once (two copies could sign different orders at one sequence number)");
    }
  }

  /** Reads the wallet. */
  public WalletData load() throws IOException {
    var permissions = Files.getPosixFilePermissions(file);
    if (!java.util.EnumSet.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE).containsAll(permissions)) {
      // As for an authority's key file: a secret others can read is refused, not just warned about.
      throw new IOException("wallet " + file + " is accessible to others (" + PosixFilePermissions.toString(permissions)
          + "), and it holds a secret key; run: chmod 600 " + file);
    }
    Raw raw;
    try {
      raw = JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), Raw.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // Jackson's own message can quote the token it stopped at, which may be the secret key: say where, never what.
      var at = e.getLocation();
      throw new IOException("wallet " + file + " is not readable JSON" + (at == null ? ""
          : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")") + "; it was not changed");
    }
    if (raw.version() != VERSION) {
      throw new IOException("wallet " + file + " has version " + raw.version() + "; this build reads version " + VERSION);
    }
    try {
      KeyPair key = KeyPair.fromSeedHex(raw.secretKey());
      if (raw.account() != null && !key.publicKey().toString().equals(raw.account())) {
        throw new IOException("wallet " + file + " is damaged: its secret key does not belong to its account " + raw.account()
            + "; restore the file from a backup");
      }
      List<Certificate> sent = new ArrayList<>();
      for (String hex : raw.sent()) {
        sent.add(Certificate.decode(HEX.parseHex(hex)));
      }
      List<Certificate> received = new ArrayList<>();
      for (String hex : raw.received()) {
        received.add(Certificate.decode(HEX.parseHex(hex)));
      }
      List<PrimaryDeposit> deposits = new ArrayList<>();
      for (String hex : raw.deposits()) {
        deposits.add(PrimaryDeposit.decode(HEX.parseHex(hex)));
      }
      Optional<SignedOrder<? extends Order>> pending = raw.pendingOrder() == null
          ? Optional.empty()
          : Optional.of(SignedOrder.decode(HEX.parseHex(raw.pendingOrder())));
      List<SignedOrder<? extends Order>> channelPending = new ArrayList<>();
      for (String hex : raw.channelPending() == null ? List.<String>of() : raw.channelPending()) {
        channelPending.add(SignedOrder.decode(HEX.parseHex(hex)));
      }
      Map<ChannelId, WalletChannel> channels = new LinkedHashMap<>();
      for (RawChannel c : raw.channels() == null ? List.<RawChannel>of() : raw.channels()) {
        ChannelId id = ChannelId.fromHex(c.id());
        channels.put(id, new WalletChannel(id, AccountId.parse(c.recipient()), new AssetId(c.asset()),
            c.signerSecret() == null ? Optional.empty() : Optional.of(KeyPair.fromSeedHex(c.signerSecret())), c.nonce(), c.authorized()));
      }
      Map<AuthorityName, Long> positions = new LinkedHashMap<>();
      for (Map.Entry<String, Long> entry : raw.receivedPositions().entrySet()) {
        positions.put(new AuthorityName(PublicKey.fromHex(entry.getKey())), entry.getValue());
      }
      return new WalletData(key, new ClientSnapshot(new SequenceNumber(raw.nextSequenceNumber()), pending, sent, received, deposits,
          channelPending),
          positions, raw.depositCursor(), raw.redeemsPaidThrough() == null ? -1 : raw.redeemsPaidThrough(),
          raw.committee() == null ? Optional.empty() : Optional.of(Bytes.fromHex(raw.committee(), 32, "committee digest")),
          raw.intents() == null ? Map.of() : raw.intents(), channels);
    } catch (ProtocolException | IllegalArgumentException | NullPointerException e) {
      // The message never includes the file's content: it holds the secret key.
      throw new IOException("wallet " + file + " is damaged: " + (e instanceof ProtocolException p ? p.getMessage() : "a field is missing"), e);
    }
  }

  /** Replaces the wallet's content atomically and durably. */
  public void save(WalletData data) throws IOException {
    ClientSnapshot snapshot = data.snapshot();
    Map<String, Long> positions = new LinkedHashMap<>();
    data.receivedPositions().forEach((name, position) -> positions.put(name.toString(), position));
    Raw raw = new Raw(VERSION, HEX.formatHex(data.key().secretSeed()), snapshot.nextSequenceNumber().value(),
        snapshot.pendingOrder().map(o -> HEX.formatHex(o.encode())).orElse(null),
        snapshot.sent().stream().map(c -> HEX.formatHex(c.encode())).toList(),
        snapshot.received().stream().map(c -> HEX.formatHex(c.encode())).toList(),
        snapshot.deposits().stream().map(d -> HEX.formatHex(d.encode())).toList(),
        positions, data.depositCursor(), data.redeemsPaidThrough(), data.key().publicKey().toString(),
        data.committee().map(Bytes::toHex).orElse(null), data.intents(),
        snapshot.channelPending().stream().map(o -> HEX.formatHex(o.encode())).toList(),
        data.channels().values().stream().map(c -> new RawChannel(c.id().toString(), c.recipient().hex(), c.asset().code(),
            c.signer().map(k -> HEX.formatHex(k.secretSeed())).orElse(null), c.nonce(), c.authorized())).toList());
    byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(raw);
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(temp);
    Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      channel.write(java.nio.ByteBuffer.wrap(bytes));
      channel.force(true);
    }
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel folder = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
      folder.force(true);
    }
  }
}
