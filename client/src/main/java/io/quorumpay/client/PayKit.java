package io.quorumpay.client;

import io.quorumpay.api.AccountInfoReply;
import io.quorumpay.api.primary.DepositReceipt;
import io.quorumpay.api.primary.PrimaryChain;
import io.quorumpay.core.client.ClientReply;
import io.quorumpay.core.types.SequenceNumber;
import io.quorumpay.core.types.GroupId;
import io.quorumpay.core.messages.PaymentAuthorization;
import io.quorumpay.core.messages.ChannelRefund;
import io.quorumpay.core.messages.ChannelOpen;
import io.quorumpay.core.messages.ChannelClaim;
import io.quorumpay.core.crypto.Signature;
import io.quorumpay.core.crypto.PublicKey;
import io.quorumpay.core.crypto.KeyPair;
import io.quorumpay.core.client.VerifiedChannel;
import io.quorumpay.core.client.ClientSnapshot;
import io.quorumpay.core.client.ClientState;
import io.quorumpay.core.client.PaymentDriver;
import io.quorumpay.core.client.SyncDriver;
import io.quorumpay.core.committee.AuthorityName;
import io.quorumpay.core.committee.Committee;
import io.quorumpay.core.encoding.Bytes;
import io.quorumpay.core.error.ProtocolError;
import io.quorumpay.core.error.ProtocolException;
import io.quorumpay.core.messages.Certificate;
import io.quorumpay.core.messages.Order;
import io.quorumpay.core.messages.SignedOrder;
import io.quorumpay.core.messages.TransferOrder;
import io.quorumpay.core.messages.VerifiedCertificate;
import io.quorumpay.core.primary.RedeemReceipt;
import io.quorumpay.core.types.AccountId;
import io.quorumpay.core.types.Amount;
import io.quorumpay.core.types.AssetId;
import io.quorumpay.core.types.ChannelId;
import io.quorumpay.core.types.PrimaryAddress;
import io.quorumpay.core.types.Recipient;
import io.quorumpay.core.types.UserData;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The paykit: one wallet's payments and balance, correct when authorities disagree.
 *
 * <p>Every step that matters is saved to the wallet file before anything depends on it: a signed
 * order is pending on disk before it is sent, a certificate is recorded before it is broadcast.
 * A wallet from a crashed run resumes with {@link #finishPending()}. Only certificates and
 * deposits the wallet verified count in its balance, so up to f authorities that are down, behind,
 * ahead or lying cannot make it wrong, and it never goes backwards because a slow authority
 * answered. Operations on one wallet run one at a time; many wallets may share one
 * {@link CommitteeClient}.
 *
 * <p>Its decisions are not here: a payment is a {@link PaymentDriver} and a sync a
 * {@link SyncDriver}, pure state machines in core that the simulator runs too. This class carries
 * out what they ask (gRPC calls, timers, wallet writes) and feeds them the answers.
 */
public final class PayKit implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PayKit.class);

  private final WalletFile file;
  private final CommitteeClient committee;
  private final PrimaryChain primary;
  private final Committee members;
  private final ChannelReader reader;
  /** Per committee member (the drivers' numbering), its index in {@link CommitteeClient}. */
  private final int[] clientIndex;
  private final ExecutorService async = Executors.newVirtualThreadPerTaskExecutor();
  private final PaymentDriver.Budget budget;
  /** This process's claim on the wallet file, released by {@link #close()}. */
  private AutoCloseable lock;
  private final SyncDriver.Limits limits;
  private WalletData data;
  private ClientState state;
  private final Map<AuthorityName, Long> positions;
  private long depositCursor;

  private PayKit(WalletFile file, CommitteeClient committee, PrimaryChain primary, WalletData data, PaymentDriver.Budget budget) {
    this.file = file;
    this.committee = committee;
    this.primary = primary;
    this.members = committee.committee();
    this.reader = new ChannelReader(committee);
    this.clientIndex = CommitteeExchange.clientIndex(committee);
    this.data = data;
    this.state = ClientState.restore(members, data.key(), data.snapshot());
    this.positions = new HashMap<>(data.receivedPositions());
    this.depositCursor = data.depositCursor();
    this.budget = budget;
    this.limits = SyncDriver.Limits.standard();
  }

  /** Opens the wallet in {@code file} against a committee and the primary chain. */
  public static PayKit open(WalletFile file, CommitteeClient committee, PrimaryChain primary) throws PayKitException {
    return open(file, committee, primary, PaymentDriver.Budget.standard().rounds(),
        Duration.ofMillis(PaymentDriver.Budget.standard().roundMillis()));
  }

  /** Like {@link #open(WalletFile, CommitteeClient, PrimaryChain)}, with {@code rounds} vote rounds spaced by {@code retryPause}. */
  public static PayKit open(WalletFile file, CommitteeClient committee, PrimaryChain primary, int rounds, Duration retryPause)
      throws PayKitException {
    PaymentDriver.Budget standard = PaymentDriver.Budget.standard();
    PaymentDriver.Budget budget = new PaymentDriver.Budget(rounds, retryPause.toMillis(), standard.confirmMillis(),
        standard.catchUpCertificates());
    WalletData data;
    AutoCloseable lock;
    try {
      lock = file.lock();
    } catch (WalletFile.WalletInUseException e) {
      throw new PayKitException(PayKitException.Kind.IN_USE, e.getMessage(), null, e);
    } catch (IOException e) {
      throw new PayKitException(PayKitException.Kind.STORAGE, e.getMessage(), null, e);
    }
    try {
      data = file.load();
    } catch (IOException e) {
      release(lock);
      throw new PayKitException(PayKitException.Kind.STORAGE, e.getMessage(), null, e);
    }
    Bytes digest = committee.committee().digest();
    if (data.committee().isPresent() && !data.committee().get().equals(digest)) {
      release(lock);
      throw new PayKitException(PayKitException.Kind.WRONG_NETWORK, "wallet " + file.path() + " belongs to another network"
          + " (committee " + data.committee().get().toHex().substring(0, 16) + "…), not to network "
          + committee.committee().network() + " (committee " + digest.toHex().substring(0, 16) + "…); nothing was done."
          + " Use that network (--network), or a wallet made for this one (qp keygen)", null, null);
    }
    PayKit kit = new PayKit(file, committee, primary, data, budget);
    kit.lock = lock;
    if (data.committee().isEmpty()) {
      // Bound at first use: from now on this wallet acts on this network only.
      kit.data = new WalletData(data.key(), data.snapshot(), data.receivedPositions(), data.depositCursor(),
          data.redeemsPaidThrough(), Optional.of(digest), data.intents(), data.channels());
      kit.save();
    }
    return kit;
  }

  /** The primary chain's current height (channel expirations are heights); {@code UNREACHABLE} when it does not answer. */
  public long primaryHeight() throws PayKitException {
    try {
      return primary.status().height();
    } catch (IOException e) {
      throw new PayKitException(PayKitException.Kind.UNREACHABLE, "the primary chain is unreachable: " + e.getMessage(), null, e);
    }
  }

  /** The network this wallet pays on (its committee's). */
  public io.quorumpay.core.types.NetworkId network() {
    return members.network();
  }

  public AccountId account() {
    return state.account();
  }

  /** The order signed on the account's slot and not yet certified, if any (after a crash: finish it with {@link #finishPending()}). */
  public synchronized Optional<SignedOrder<? extends Order>> pendingOrder() {
    return state.pendingOrder();
  }

  // ---- balance and sync -----------------------------------------------------------------------

  /** Syncs with every authority and the primary, then returns the verified balance and what it is as of. */
  public synchronized Balance balance() throws PayKitException {
    sync();
    return localBalance();
  }

  /** The balance from what this wallet has already verified, without asking anyone. */
  public synchronized Balance localBalance() {
    return new Balance(state.balances(), Map.copyOf(positions), depositCursor, state.nextSequenceNumber().value());
  }

  /**
   * Reads, from every authority, the certificates this account received since the last sync
   * (verifying each), any certificate for its own next orders (in case someone else completed
   * them), and the primary's new deposits for it at the committee's depth; saves. Authorities that
   * do not answer are skipped. Bounded: see {@link SyncDriver}.
   *
   * @return how many new certificates and deposits were counted
   */
  public synchronized int sync() throws PayKitException {
    List<AuthorityName> names = members.members();
    long[] cursors = new long[names.size()];
    for (int a = 0; a < cursors.length; a++) {
      cursors[a] = positions.getOrDefault(names.get(a), 0L);
    }
    committee.retryFailedConnections();
    SyncDriver driver = new SyncDriver(members, state, cursors, depositCursor, committee.depositConfirmations(), limits);
    CommitteeExchange exchange = exchange();
    List<SyncDriver.Output> outputs = driver.start(now());
    long wakeAt = Long.MAX_VALUE;
    while (true) {
      for (SyncDriver.Output output : outputs) {
        switch (output) {
          case SyncDriver.Output.Send send -> exchange.send(send.request());
          case SyncDriver.Output.WakeAt wake -> wakeAt = wake.at();
          case SyncDriver.Output.Finished finished -> {
            long[] read = driver.cursors();
            for (int a = 0; a < read.length; a++) {
              positions.put(names.get(a), read[a]);
            }
            depositCursor = driver.depositCursor();
            if (finished.changed()) {
              save();
            }
            if (finished.authoritiesHeard() == 0) {
              throw new PayKitException(PayKitException.Kind.UNREACHABLE, "no authority could be reached: what this wallet"
                  + " shows is only what it knew at its last sync; try again later (qp balance --offline shows it labelled so)",
                  null, null);
            }
            payOutWhatIsReachable();
            return finished.counted();
          }
        }
      }
      ClientReply reply = next(exchange, wakeAt);
      outputs = reply == null ? driver.tick(now()) : driver.on(reply);
    }
  }

  /** After a sync: redeems a pending order turned into are paid out if the primary can be reached now. */
  private void payOutWhatIsReachable() throws PayKitException {
    try {
      payOutRedeems();
    } catch (PayKitException e) {
      if (e.kind() != PayKitException.Kind.UNREACHABLE) {
        throw e;
      }
      log.atDebug().addKeyValue("reason", e.getMessage()).log("redeems stay unpaid until the primary can be reached");
    }
  }

  /** What this wallet knows, as last saved: certificates sent and received, deposits, the pending order. */
  public synchronized ClientSnapshot snapshot() {
    return state.snapshot();
  }

  /** Certificates this account received, in the order this wallet learned of them, from {@code position}. */
  public synchronized List<Certificate> receivedSince(int position) {
    List<Certificate> received = state.snapshot().received();
    return position >= received.size() ? List.of() : List.copyOf(received.subList(position, received.size()));
  }

  // ---- transfers ------------------------------------------------------------------------------

  /**
   * Signs an order and saves it as pending before returning it: nothing has been sent yet, and a
   * crash from here on resumes this same order. Refuses an amount the wallet cannot prove it has
   * (after syncing once).
   */
  public synchronized SignedOrder<TransferOrder> prepareTransfer(Recipient recipient, AssetId asset, Amount amount, UserData userData)
      throws PayKitException {
    return prepare(recipient, asset, amount, userData, Optional.empty());
  }

  /**
   * Signs and saves the pending order, with the idempotency key that made it (in the same save), if
   * any. The first order this process signs waits for a sync in which authorities with a quorum of
   * weight report the account (see {@link io.quorumpay.core.client.AccountCheck}): a wallet restored
   * from a backup must not sign where its original already did. If that sync adopts the original's
   * order, it is finished first.
   */
  private SignedOrder<TransferOrder> prepare(Recipient recipient, AssetId asset, Amount amount, UserData userData, Optional<String> id)
      throws PayKitException {
    return signOnAccount(asset, amount.units(), () -> state.prepareTransfer(recipient, asset, amount, userData),
        order -> id.map(key -> data.withIntent(key, order.order().sequenceNumber().value())).orElse(data));
  }

  /** Signs one order of this account's slot (what {@code sign} asks of the state), and saves it pending with {@code remember}'s wallet. */
  private <O extends Order> SignedOrder<O> signOnAccount(AssetId asset, long spends, Signing<O> sign,
      java.util.function.Function<SignedOrder<O>, WalletData> remember) throws PayKitException {
    boolean pendingBefore = state.pendingOrder().isPresent();
    if (!state.checked() || state.balance(asset) < spends) {
      sync(); // the account's state at a quorum; credits may have arrived since the last sync
    }
    if (!pendingBefore && state.pendingOrder().isPresent()) {
      SignedOrder<? extends Order> adopted = state.pendingOrder().get();
      log.atInfo().addKeyValue("sequenceNumber", adopted.order().key().sequenceNumber().value())
          .log("authorities hold votes for an order another copy of this wallet signed; finishing it before signing another");
      submit(adopted);
    }
    try {
      SignedOrder<O> order = sign.sign();
      data = remember.apply(order);
      save();
      return order;
    } catch (ProtocolException e) {
      if (e.error() instanceof ProtocolError.AccountStateUnchecked) {
        throw new PayKitException(PayKitException.Kind.NO_QUORUM, e.getMessage(), e.error(), e);
      }
      throw PayKitException.refused(e.error());
    }
  }

  /** A decision of the client's state that signs an order. */
  @FunctionalInterface
  private interface Signing<O extends Order> {
    SignedOrder<O> sign() throws ProtocolException;
  }

  /**
   * Gathers a quorum of votes for {@code order}, forms and records the certificate, confirms it at
   * every authority (bringing lagging ones up to date), and returns it. Safe to call again for the
   * same order: it returns the same certificate.
   */
  public synchronized Certificate submit(SignedOrder<? extends Order> order) throws PayKitException {
    Optional<Certificate> done = ownCertificate(order.order());
    boolean pending = order.order().key().owner() instanceof ChannelId channel
        ? state.pendingChannelOrder(channel).map(order::equals).orElse(false)
        : state.pendingOrder().map(order::equals).orElse(false);
    if (done.isEmpty() && !pending) {
      throw PayKitException.refused(new ProtocolError.UnexpectedCertificate(
          "this order is not one the wallet has pending; prepare it first (prepareTransfer, openChannel, …)"));
    }
    committee.retryFailedConnections();
    PaymentDriver driver = new PaymentDriver(members, order, state.snapshot().sent(), state.snapshot().received(), budget);
    DrivenPayment payment = new DrivenPayment(driver, exchange(), DrivenPayment.Until.ALL_ANSWERED);
    DrivenPayment.Result result;
    try {
      result = done.isPresent() ? payment.confirm(done.get()) : payment.start(this::recordOwn);
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
    return switch (result) {
      case DrivenPayment.Result.Certified certified -> certified.certificate();
      case DrivenPayment.Result.GaveUp(PaymentDriver.Output.GaveUp gaveUp) when done.isEmpty()
          && gaveUp.refusal().map(e -> e.code() == ProtocolError.Code.UNEXPECTED_SEQUENCE_NUMBER).orElse(false)
          && certifiedElsewhere(order).isPresent() ->
          // Authorities are past this order: another copy of the wallet completed it, and a sync found its certificate.
          ownCertificate(order.order()).orElseThrow();
      case DrivenPayment.Result.GaveUp(PaymentDriver.Output.GaveUp gaveUp) -> throw gaveUp.why() == PaymentDriver.Why.REFUSED
          ? new PayKitException(PayKitException.Kind.REFUSED, gaveUp.summary(), gaveUp.refusal().orElse(null), null)
          : new PayKitException(PayKitException.Kind.NO_QUORUM, gaveUp.summary() + "; the order stays pending, retry later",
              gaveUp.refusal().orElse(null), null);
    };
  }

  /** After authorities said they are past {@code order}: syncs, and returns its certificate if someone else completed it. */
  private Optional<Certificate> certifiedElsewhere(SignedOrder<? extends Order> order) {
    try {
      sync();
    } catch (PayKitException e) {
      log.atDebug().addKeyValue("reason", e.getMessage()).log("could not sync to look for a certificate of the pending order");
    }
    return ownCertificate(order.order());
  }

  /** Prepares and submits in one step. */
  public synchronized Certificate pay(Recipient recipient, AssetId asset, Amount amount, UserData userData) throws PayKitException {
    return submit(prepareTransfer(recipient, asset, amount, userData));
  }

  /**
   * Pays at most once per idempotency key {@code id}: the first call signs the order and records
   * the key with it, in the same save; a later call with the same key (a retry after a crash, an
   * interruption or a timeout) finishes or returns that same payment instead of paying again. The
   * same key for a different payment is refused.
   */
  public synchronized Certificate pay(Recipient recipient, AssetId asset, Amount amount, UserData userData, String id)
      throws PayKitException {
    Long recorded = data.intents().get(id);
    if (recorded != null) {
      SignedOrder<? extends Order> pending = state.pendingOrder().orElse(null);
      Optional<Certificate> done = state.snapshot().sent().stream()
          .filter(c -> c.order().key().sequenceNumber().value() == recorded).findFirst();
      // An idempotency key is only ever recorded for a transfer.
      var order = done.map(c -> c.order() instanceof TransferOrder t ? t : null)
          .orElse(pending != null && pending.order() instanceof TransferOrder t && t.sequenceNumber().value() == recorded ? t : null);
      if (order == null) {
        throw PayKitException.refused(new ProtocolError.UnexpectedCertificate("payment " + id + " (sequence number " + recorded
            + ") is neither pending nor recorded here; sync first"));
      }
      if (!order.recipient().equals(recipient) || !order.asset().equals(asset) || !order.amount().equals(amount)
          || !order.userData().equals(userData)) {
        throw PayKitException.refused(new ProtocolError.UnexpectedCertificate("id " + id + " was used for another payment ("
            + order.amount() + " " + order.asset() + " to " + order.recipient() + "); use a new id"));
      }
      return done.isPresent() ? submit(SignedOrder.sign(order, data.key())) : submit(pending);
    }
    return submit(prepare(recipient, asset, amount, userData, Optional.of(id)));
  }

  /** Finishes the order left pending on the account's slot by a crash, if any; returns its certificate. */
  public synchronized Optional<Certificate> finishPending() throws PayKitException {
    Optional<SignedOrder<? extends Order>> pending = state.pendingOrder();
    return pending.isEmpty() ? Optional.empty() : Optional.of(submit(pending.get()));
  }

  /** True when authorities with a quorum of weight have applied {@code certificate} (for an account's slot; false for a channel's). */
  public boolean isConfirmed(Certificate certificate) {
    // An account's slot: its next sequence number tells. This kit does not query channels' slots.
    if (!(certificate.key().owner() instanceof AccountId sender)) {
      return false;
    }
    long sequence = certificate.key().sequenceNumber().value();
    List<CompletableFuture<AccountInfoReply>> replies = new ArrayList<>();
    for (int a = 0; a < committee.size(); a++) {
      replies.add(committee.accountInfo(a, sender, Optional.empty(), 0, 0));
    }
    long weight = 0;
    for (int a = 0; a < committee.size(); a++) {
      AccountInfoReply info = replies.get(a).exceptionally(failure -> null).join();
      if (info != null && info.getNextSequenceNumber() > sequence) {
        weight += committee.weight(a);
      }
    }
    return weight >= members.quorumThreshold();
  }

  /** A certificate this kit handles: a transfer; a channel certificate is refused, typed. */
  private static TransferOrder transfer(Certificate certificate) throws PayKitException {
    if (!(certificate.order() instanceof TransferOrder order)) {
      throw PayKitException.refused(new ProtocolError.UnexpectedCertificate("certificate " + certificate.key()
          + " is a channel order; this kit handles transfers only"));
    }
    return order;
  }

  /** The certificate this wallet recorded for its own {@code order}: in its sent list (account slot) or its received (claims, refunds). */
  private Optional<Certificate> ownCertificate(Order order) {
    ClientSnapshot known = state.snapshot();
    List<Certificate> where = order.key().owner() instanceof AccountId ? known.sent() : known.received();
    return where.stream().filter(c -> c.order().equals(order)).findFirst();
  }

  /** Records the certificate of one of this wallet's own orders, then saves. */
  private void recordOwn(Certificate certificate) throws PayKitException {
    try {
      VerifiedCertificate verified = VerifiedCertificate.check(certificate, members);
      if (certificate.key().owner() instanceof AccountId) {
        state.recordSent(verified);
      } else {
        state.recordReceived(verified); // a claim pays this wallet, a refund returns to it
      }
    } catch (ProtocolException e) {
      throw PayKitException.refused(e.error());
    }
    save();
  }

  // ---- payment channels ----------------------------------------------------------------------

  /**
   * Opens a channel to {@code recipient} holding {@code value} of {@code asset}, refundable from
   * primary height {@code expiration}, for seller group {@code group}: signs the open order (as the
   * account's next, like a transfer), saves it pending together with the channel's record (and its
   * new hot key when {@code hotKey}; otherwise the account's key authorises payments), then gets it
   * certified and confirmed. After a crash, {@link #finishPending()} finishes the same open.
   */
  public synchronized VerifiedChannel openChannel(AccountId recipient, AssetId asset, Amount value, long expiration, GroupId group,
      boolean hotKey) throws PayKitException {
    Optional<KeyPair> signer = hotKey ? Optional.of(KeyPair.generate(new java.security.SecureRandom())) : Optional.empty();
    PublicKey authorizer = signer.map(KeyPair::publicKey).orElse(data.key().publicKey());
    SignedOrder<ChannelOpen> open = signOnAccount(asset, value.units(),
        () -> state.prepareChannelOpen(authorizer, recipient, asset, value, expiration, group),
        order -> data.withChannel(new WalletChannel(order.order().channel(), recipient, asset, signer, 0, 0)));
    Certificate certificate = submit(open);
    try {
      return VerifiedChannel.opened(members, open.order().channel(), certificate);
    } catch (ProtocolException e) {
      throw PayKitException.refused(e.error());
    }
  }

  /**
   * Adds {@code added} to a channel this wallet opened and moves its expiration to {@code expiration}
   * (never earlier; {@code added} may be 0 to only extend it): a fund order on the account's slot,
   * signed, saved pending, certified and confirmed. Returns the channel as proven afterwards.
   */
  public synchronized VerifiedChannel fundChannel(ChannelId id, Amount added, long expiration) throws PayKitException {
    VerifiedChannel channel = channel(id);
    AssetId asset = channel.open().asset();
    submit(signOnAccount(asset, added.units(), () -> state.prepareChannelFund(channel, added, expiration), order -> data));
    return channel(id);
  }

  /**
   * Takes back what a channel this wallet opened still holds (as proven), once the primary has
   * reached its expiration: a refund order on the channel's slot, saved pending before it is sent,
   * certified and confirmed; the certificate credits this wallet. Refused before the expiration
   * ({@code CHANNEL_NOT_EXPIRED}) and for an empty channel ({@code INSUFFICIENT_CHANNEL_VALUE}).
   */
  public synchronized Certificate refundChannel(ChannelId id) throws PayKitException {
    VerifiedChannel channel = channel(id);
    long height;
    try {
      height = primary.status().height();
    } catch (IOException e) {
      throw new PayKitException(PayKitException.Kind.UNREACHABLE, "the primary chain is unreachable (its height decides whether"
          + " the channel has expired): " + e.getMessage(), null, e);
    }
    SignedOrder<ChannelRefund> refund;
    try {
      refund = state.prepareRefund(channel, height);
    } catch (ProtocolException e) {
      throw PayKitException.refused(e.error());
    }
    save();
    Certificate certificate = submit(refund);
    channel(id); // the nonce moved: the wallet's record follows it
    return certificate;
  }

  /**
   * A reader of channels from certificates alone that shares this kit's committee connections but
   * not its wallet or lock: for a seller looking up channels its callers announce.
   */
  public ChannelReader channelReader() {
    return reader;
  }

  /**
   * The channel {@code id} that this wallet opened, as certificates prove it (see {@link #channel(ChannelId, AccountId)}).
   */
  public synchronized VerifiedChannel channel(ChannelId id) throws PayKitException {
    return channel(id, account());
  }

  /**
   * Channel {@code id} of {@code sender}, believing only certificates: the open certificate (from any
   * authority; it must verify and open this very id), the fund certificates this wallet holds (its
   * own, when it is the sender) and those authorities serve (the channel's latest; each verified,
   * each counted once), and the claim and refund certificates at nonces 0, 1, … that
   * authorities hold, each verified. Numbers authorities merely report are never counted. When this
   * wallet opened the channel and its nonce moved on (a claim), its record moves to the new nonce
   * with nothing authorised yet. Refused ({@code UNKNOWN_CHANNEL}) when no authority holds a valid
   * open certificate; {@code UNREACHABLE} when none answers.
   */
  public synchronized VerifiedChannel channel(ChannelId id, AccountId sender) throws PayKitException {
    ClientSnapshot known = state.snapshot();
    VerifiedChannel channel = reader.read(id, sender, known.sent(), known.received());
    if (state.channelSeen(channel)) {
      save();
    }
    WalletChannel record = data.channels().get(id);
    if (record != null && channel.nonce().value() > record.nonce()) {
      data = data.withChannel(record.atNonce(channel.nonce().value()));
      save();
    }
    return channel;
  }

  /**
   * Authorises {@code price} more on a channel this wallet opened: the cumulative amount at the
   * channel's nonce grows by {@code price}, is saved, and only then signed (so a crash never makes
   * the wallet sign a lower amount at the same nonce again). Without asking anyone. The seller claims
   * at most the highest amount it holds; after a claim, {@link #channel(ChannelId)} moves the wallet
   * to the new nonce, from 0.
   */
  public synchronized SignedAuthorization authorize(ChannelId id, Amount price) throws PayKitException {
    WalletChannel record = data.channels().get(id);
    if (record == null) {
      throw PayKitException.refused(new ProtocolError.UnknownChannel(id, "this wallet did not open it"));
    }
    if (price.isZero()) {
      throw PayKitException.refused(new ProtocolError.ZeroAmount());
    }
    if (record.authorized() > Long.MAX_VALUE - price.units()) {
      throw PayKitException.refused(new ProtocolError.OutOfRange("authorized amount", "it would exceed 2^63 - 1"));
    }
    WalletChannel next = record.withAuthorized(record.authorized() + price.units());
    data = data.withChannel(next);
    save();
    return signed(next);
  }

  /**
   * Signs again, without raising it, the cumulative amount this wallet saved at channel {@code id}'s
   * current nonce (0 when nothing is authorised there yet): Ed25519 is deterministic, so the bytes
   * are identical to the ones {@link #authorize} handed out for that amount, and never a lower amount
   * than saved. For a payer that starts, or meets a nonce, where the wallet already authorised
   * something: it resends what the seller may already hold instead of authorising more. Refused
   * ({@code UNKNOWN_CHANNEL}) for a channel this wallet did not open. Nothing is saved.
   */
  public synchronized SignedAuthorization authorization(ChannelId id) throws PayKitException {
    WalletChannel record = data.channels().get(id);
    if (record == null) {
      throw PayKitException.refused(new ProtocolError.UnknownChannel(id, "this wallet did not open it"));
    }
    return signed(record);
  }

  private SignedAuthorization signed(WalletChannel record) {
    PaymentAuthorization authorization = new PaymentAuthorization(members.network(), record.id(), new SequenceNumber(record.nonce()),
        new Amount(record.authorized()));
    KeyPair signer = record.signer().orElse(data.key());
    return new SignedAuthorization(authorization, signer.publicKey(), authorization.sign(signer));
  }

  /**
   * Signs a request for the state of channel {@code id} as a seller keeps it (docs/CHANNELS.md,
   * "Recovering a channel"): {@link ChannelStateRequest} at primary height {@code height}, with the
   * channel's hot key when this wallet holds it, else the account's key (the channel's sender).
   * Returns the key that signed and the signature.
   */
  public synchronized SignedAuthorization.Signer signChannelStateRequest(ChannelId id, long height) {
    WalletChannel record = data.channels().get(id);
    KeyPair key = record == null ? data.key() : record.signer().orElse(data.key());
    return new SignedAuthorization.Signer(key.publicKey(), key.sign(ChannelStateRequest.encode(members.network(), id, height)));
  }

  /**
   * Adopts what a seller holds for channel {@code id}, after this wallet lost its record (a new
   * wallet file with the same key) or kept an old one: reads the channel from certificates (its nonce
   * comes from them only), then raises the cumulative amount authorised at that nonce to {@code amount}
   * if, and only if, {@code signature} is this wallet's own key's (the channel's hot key it holds, or
   * the account's) over exactly (network, channel, {@code nonce}, {@code amount}) ({@code amount} 0
   * needs none: it only brings the record back). Saved before it returns, so the next authorisation is
   * above it. A record lost with its hot key cannot be recovered (that key signed the channel's
   * payments); a channel whose payments the account's key signs gets its record back. Refused ({@code INVALID_AUTHORIZATION}), with nothing changed, for a nonce other than
   * the proven one or a signature that is not this wallet's over those values. Returns the record.
   */
  public synchronized WalletChannel recoverChannel(ChannelId id, long nonce, Amount amount, Signature signature)
      throws PayKitException {
    VerifiedChannel channel = channel(id);
    WalletChannel record = data.channels().get(id);
    if (record == null) {
      if (!channel.open().authorizer().equals(data.key().publicKey())) {
        throw PayKitException.refused(new ProtocolError.InvalidAuthorization(id, "its payments are signed by a hot key this"
            + " wallet does not hold; only a wallet holding that key can recover it"));
      }
      record = new WalletChannel(id, channel.recipient(), channel.open().asset(), Optional.empty(), channel.nonce().value(), 0);
    }
    if (nonce != record.nonce()) {
      throw PayKitException.refused(new ProtocolError.InvalidAuthorization(id, "the seller's state is at nonce " + nonce
          + " but the certificates prove nonce " + record.nonce()));
    }
    PublicKey own = record.signer().orElse(data.key()).publicKey();
    PaymentAuthorization claimed = new PaymentAuthorization(members.network(), id, new SequenceNumber(nonce), amount);
    if (!amount.isZero() && (signature == null || !own.verifies(claimed.encode(), signature))) {
      throw PayKitException.refused(new ProtocolError.InvalidAuthorization(id, "the seller's authorization is not signed by this"
          + " wallet's key over (network, channel, nonce " + nonce + ", amount " + amount.units() + ")"));
    }
    if (amount.units() > record.authorized() || !data.channels().containsKey(id)) {
      record = record.withAuthorized(Math.max(record.authorized(), amount.units()));
      data = data.withChannel(record);
      save();
    }
    return record;
  }

  /** The channels this wallet opened, with what it has authorised on each. */
  public synchronized List<WalletChannel> channels() {
    return List.copyOf(data.channels().values());
  }

  /**
   * Claims, as the channel's recipient, {@code paid} (at most what {@code authorization} allows) and
   * returns {@code returned} to the channel's sender {@code sender}: reads the channel as
   * certificates prove it, signs the claim at its nonce with this account's key, saves it pending on
   * the channel's slot, gets it certified and confirmed; the certificate credits this wallet.
   * Refused, with nothing signed, for what authorities would refuse: another recipient, an
   * authorization for another nonce or not signed by the channel's signer or sender key, more than
   * the proven value. Calling it again for the same claim returns the same certificate.
   */
  public synchronized Certificate claim(AccountId sender, PaymentAuthorization authorization, Signature signature, Amount paid,
      Amount returned) throws PayKitException {
    VerifiedChannel channel = channel(authorization.channel(), sender);
    Optional<Certificate> done = state.snapshot().received().stream()
        .filter(c -> c.order() instanceof ChannelClaim claim && claim.channel().equals(channel.id())
            && claim.nonce().equals(authorization.nonce()) && claim.claimer().equals(account()))
        .findFirst();
    if (done.isPresent()) {
      return done.get();
    }
    SignedOrder<ChannelClaim> claim;
    try {
      claim = state.prepareClaim(channel, authorization, signature, paid, returned);
    } catch (ProtocolException e) {
      throw PayKitException.refused(e.error());
    }
    save();
    return submit(claim);
  }

  // ---- the wire ------------------------------------------------------------------------------

  private static long now() {
    return CommitteeExchange.now();
  }

  /** A new exchange for one driver run, reading the primary's deposits off the caller's thread. */
  private CommitteeExchange exchange() {
    return new CommitteeExchange(committee, clientIndex, (ask, reply) -> async.execute(() -> {
      try {
        reply.accept(new ClientReply.Deposits(ask, primary.confirmedDeposits(ask.from(), ask.limit(), ask.confirmations())));
      } catch (IOException e) {
        log.atDebug().addKeyValue("reason", e.getMessage()).log("primary unreachable during sync; deposits read later");
        reply.accept(new ClientReply.Unreachable(ask));
      }
    }));
  }

  /** The exchange's next answer, or null when {@code wakeAt} comes first. */
  private static ClientReply next(CommitteeExchange exchange, long wakeAt) throws PayKitException {
    try {
      return exchange.next(wakeAt);
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
  }

  /** An operation's thread was interrupted while it waited: the thread stays interrupted, and the caller may retry. */
  private static PayKitException interrupted(InterruptedException e) {
    Thread.currentThread().interrupt();
    return new PayKitException(PayKitException.Kind.NO_QUORUM, "interrupted; what was saved stays saved, retry later", null, e);
  }

  // ---- the primary chain ----------------------------------------------------------------------

  /** Deposits {@code amount} from {@code depositor} on the primary to this account. */
  public synchronized DepositReceipt deposit(PrimaryAddress depositor, AssetId asset, Amount amount) throws PayKitException {
    try {
      return primary.deposit(depositor, account(), asset, amount);
    } catch (ProtocolException e) {
      throw PayKitException.refused(e.error());
    } catch (IOException e) {
      throw new PayKitException(PayKitException.Kind.UNREACHABLE, "the primary chain is unreachable: " + e.getMessage(), null, e);
    }
  }

  /**
   * Moves {@code amount} out of QuorumPay to {@code to} on the primary: certifies a transfer to
   * that address, then has the primary pay it. First it pays out every earlier redeem still unpaid;
   * while one stays unpaid (the primary unreachable) it starts no new one, so a retry never
   * debits twice: finish with {@link #payOutRedeems()}.
   */
  public synchronized RedeemReceipt redeem(AssetId asset, Amount amount, PrimaryAddress to) throws PayKitException {
    payOutRedeems();
    Certificate certificate = pay(new Recipient.Primary(to), asset, amount, UserData.EMPTY);
    return payOut(certificate);
  }

  /** Like {@link #redeem(AssetId, Amount, PrimaryAddress)}, at most once per idempotency key {@code id} (see {@link #pay(Recipient, AssetId, Amount, UserData, String)}). */
  public synchronized RedeemReceipt redeem(AssetId asset, Amount amount, PrimaryAddress to, String id) throws PayKitException {
    Long recorded = data.intents().get(id);
    if (recorded == null || recorded > data.redeemsPaidThrough()) {
      // Not yet certified, or certified and not yet paid: earlier redeems first, then this one.
      try {
        payOutRedeems();
      } catch (PayKitException e) {
        if (recorded == null) {
          throw e;
        }
      }
    }
    return payOut(pay(new Recipient.Primary(to), asset, amount, UserData.EMPTY, id));
  }

  /**
   * Has the primary pay {@code certificate}, one of this wallet's redeems, after every earlier one
   * still unpaid (the primary's redeem log refuses an older redeem after a newer). A redeem already
   * paid is not paid twice: its receipt is returned.
   */
  public synchronized RedeemReceipt payOut(Certificate certificate) throws PayKitException {
    if (!(certificate.order() instanceof TransferOrder order) || !(order.recipient() instanceof Recipient.Primary destination)) {
      throw PayKitException.refused(new ProtocolError.NotARedeem(certificate.order().home(),
          certificate.order().key().sequenceNumber().value()));
    }
    if (!order.sender().equals(account())) {
      return payOnce(certificate);
    }
    payOutRedeems();
    if (order.sequenceNumber().value() > data.redeemsPaidThrough()) {
      throw PayKitException.refused(new ProtocolError.UnexpectedCertificate(
          "redeem " + order.key() + " is not one this wallet recorded; sync first"));
    }
    return new RedeemReceipt(order.key(), destination.address(), order.asset(), order.amount());
  }

  /** Has the primary pay {@code certificate}; a replay of one already paid returns its receipt. */
  private RedeemReceipt payOnce(Certificate certificate) throws PayKitException {
    TransferOrder order = transfer(certificate);
    try {
      return primary.redeem(certificate);
    } catch (ProtocolException e) {
      if (e.error().code() != ProtocolError.Code.REDEEM_REPLAY) {
        throw PayKitException.refused(e.error());
      }
      // Paid before (by an earlier run whose answer was lost): the redeem log holds it.
      return new RedeemReceipt(order.key(), ((Recipient.Primary) order.recipient()).address(), order.asset(), order.amount());
    } catch (IOException e) {
      throw new PayKitException(PayKitException.Kind.UNREACHABLE, "the primary chain is unreachable: the redeem "
          + order.key() + " is certified and saved but not paid; it is paid out by the next command that reaches the primary"
          + " (or qp redeem --resume): " + e.getMessage(), null, e);
    }
  }

  /** This wallet's redeem certificates the primary has not yet reported paid, oldest first. */
  public synchronized List<Certificate> unpaidRedeems() {
    return state.snapshot().sent().stream()
        .filter(c -> c.order() instanceof TransferOrder order && order.isRedeem()
            && order.sequenceNumber().value() > data.redeemsPaidThrough()).toList();
  }

  /**
   * Has the primary pay every unpaid redeem of this wallet, in sequence order, saving after each.
   * Stops at the first the primary cannot take now.
   *
   * @return the receipts of the redeems paid now
   * @throws PayKitException {@code UNREACHABLE} when the primary cannot be reached and a redeem stays
   *     unpaid (retrying later is safe); {@code REFUSED} if the primary refuses one
   */
  public synchronized List<RedeemReceipt> payOutRedeems() throws PayKitException {
    List<RedeemReceipt> paid = new ArrayList<>();
    for (Certificate certificate : unpaidRedeems()) {
      TransferOrder order = transfer(certificate);
      paid.add(payOnce(certificate));
      data = data.with(data.snapshot(), data.receivedPositions(), data.depositCursor(), order.sequenceNumber().value());
      save();
    }
    return paid;
  }

  // ---- asynchronous variants ------------------------------------------------------------------

  public CompletableFuture<Balance> balanceAsync() {
    return supply(this::balance);
  }

  public CompletableFuture<Certificate> submitAsync(SignedOrder<? extends Order> order) {
    return supply(() -> submit(order));
  }

  public CompletableFuture<Certificate> payAsync(Recipient recipient, AssetId asset, Amount amount, UserData userData) {
    return supply(() -> pay(recipient, asset, amount, userData));
  }

  public CompletableFuture<RedeemReceipt> redeemAsync(AssetId asset, Amount amount, PrimaryAddress to) {
    return supply(() -> redeem(asset, amount, to));
  }

  public CompletableFuture<Integer> syncAsync() {
    return supply(this::sync);
  }

  @FunctionalInterface
  private interface Operation<T> {
    T run() throws PayKitException;
  }

  private <T> CompletableFuture<T> supply(Operation<T> operation) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return operation.run();
      } catch (PayKitException e) {
        throw new CompletionException(e);
      }
    }, async);
  }

  private void save() throws PayKitException {
    WalletData next = data.with(state.snapshot(), positions, depositCursor, data.redeemsPaidThrough());
    try {
      file.save(next);
      data = next;
    } catch (IOException e) {
      throw new PayKitException(PayKitException.Kind.STORAGE, "cannot save the wallet: " + e.getMessage(), null, e);
    }
  }

  private static void release(AutoCloseable lock) {
    try {
      lock.close();
    } catch (Exception e) {
      log.atDebug().addKeyValue("reason", e.getMessage()).log("could not release the wallet lock");
    }
  }

  @Override
  public void close() {
    async.shutdown();
    release(lock);
  }
}
