// The QuorumPay explorer: plain JavaScript, no build step. The hub is not trusted: every
// certificate shown is parsed from its bytes and its votes verified here (WebCrypto Ed25519)
// against the keys and weights of the committee the hub reports, whose digest is computed here
// and compared with a digest the user pinned, if any (docs/PROTOCOL.md, "Certificate" and "Committee").
'use strict';

// ---- bytes --------------------------------------------------------------------------------

const hexToBytes = (hex) => {
  if (typeof hex !== 'string' || hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new Error('not hex');
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(2 * i, 2), 16);
  return out;
};
const bytesToHex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const u64 = (bytes, at) => new DataView(bytes.buffer, bytes.byteOffset + at, 8).getBigUint64(0);
const u16 = (bytes, at) => new DataView(bytes.buffer, bytes.byteOffset + at, 2).getUint16(0);
const tagText = (bytes, at) => new TextDecoder().decode(bytes.subarray(at, at + 16)).replace(/\0+$/, '');
const asset = (bytes, at) => new TextDecoder().decode(bytes.subarray(at, at + 8)).replace(/\0+$/, '');
const hexAt = (bytes, at, size) => bytesToHex(bytes.subarray(at, at + size));
const concat = (a, b) => { const out = new Uint8Array(a.length + b.length); out.set(a); out.set(b, a.length); return out; };
const padTag = (text) => { const out = new Uint8Array(16); out.set(new TextEncoder().encode(text)); return out; };
const compareBytes = (a, b) => { for (let i = 0; i < a.length; i++) { if (a[i] !== b[i]) return a[i] - b[i]; } return 0; };

// ---- orders and certificates (docs/PROTOCOL.md, "Layouts") ----------------------------------

const ORDER_SIZES = { 'QP-TRANSFER-V1': 169, 'QP-CH-OPEN-V1': 208, 'QP-CH-FUND-V1': 136, 'QP-CH-CLAIM-V1': 280, 'QP-CH-REFUND-V1': 136 };
const VOTE_TAG = padTag('QP-VOTE-V1');
const CERT_TAG = padTag('QP-CERT-V1');
const MAX_VOTES = 1024;

/** What an order's bytes say: its kind, slot, payer, payee, asset and amount (amount as a decimal string). */
function decodeOrder(order) {
  const tag = tagText(order, 0);
  const network = hexAt(order, 16, 32);
  switch (tag) {
    case 'QP-TRANSFER-V1': {
      const recipientKind = order[80];
      const base = { network, owner: hexAt(order, 48, 32), sequenceNumber: u64(order, 129).toString(), from: hexAt(order, 48, 32),
        asset: asset(order, 113), amount: u64(order, 121).toString() };
      if (recipientKind === 1) return { ...base, kind: 'transfer', to: hexAt(order, 81, 32) };
      if (recipientKind === 2) return { ...base, kind: 'redeem', to: null, primaryAddress: '0x' + hexAt(order, 81, 20) };
      throw new Error('unknown recipient kind ' + recipientKind);
    }
    case 'QP-CH-OPEN-V1':
      return { network, kind: 'channel_open', owner: hexAt(order, 48, 32), sequenceNumber: u64(order, 80).toString(),
        from: hexAt(order, 48, 32), to: null, asset: asset(order, 152), amount: u64(order, 160).toString() };
    case 'QP-CH-FUND-V1':
      return { network, kind: 'channel_fund', owner: hexAt(order, 48, 32), sequenceNumber: u64(order, 80).toString(),
        from: hexAt(order, 48, 32), to: null, asset: null, amount: u64(order, 120).toString() };
    case 'QP-CH-CLAIM-V1':
      return { network, kind: 'channel_claim', owner: hexAt(order, 112, 32), sequenceNumber: u64(order, 144).toString(),
        from: null, to: hexAt(order, 48, 32), asset: asset(order, 152), amount: u64(order, 264).toString() };
    case 'QP-CH-REFUND-V1':
      return { network, kind: 'channel_refund', owner: hexAt(order, 80, 32), sequenceNumber: u64(order, 112).toString(),
        from: null, to: hexAt(order, 48, 32), asset: asset(order, 120), amount: u64(order, 128).toString() };
    default:
      throw new Error('unknown order tag "' + tag + '"');
  }
}

/** Splits a certificate's bytes into its order and votes, refusing anything that is not exactly the layout. */
function parseCertificate(bytes) {
  if (bytes.length < 32 || compareBytes(bytes.subarray(0, 16), CERT_TAG) !== 0) throw new Error('not a certificate (tag)');
  const orderTag = tagText(bytes, 16);
  const size = Object.hasOwn(ORDER_SIZES, orderTag) ? ORDER_SIZES[orderTag] : 0;
  if (!size) throw new Error('unknown order tag "' + orderTag + '"');
  if (bytes.length < 16 + size + 2) throw new Error('truncated');
  const order = bytes.subarray(16, 16 + size);
  const n = u16(bytes, 16 + size);
  if (n > MAX_VOTES) throw new Error('more than ' + MAX_VOTES + ' votes');
  if (bytes.length !== 18 + size + 96 * n) throw new Error('length ' + bytes.length + ' does not fit ' + n + ' votes');
  const votes = [];
  for (let i = 0; i < n; i++) {
    const at = 18 + size + 96 * i;
    votes.push({ authority: bytes.subarray(at, at + 32), signature: bytes.subarray(at + 32, at + 96) });
  }
  return { order, votes };
}

const HEX32 = /^[0-9a-f]{64}$/;
const SEQUENCE = /^\d{1,20}$/;

/**
 * The committee digest, exactly as Committee.digest() in the core: SHA-256 of the network id (32
 * bytes), then for each member in ascending order of its key, the key (32 bytes) and its weight
 * (8 bytes, big-endian). Returns lowercase hex; throws on a malformed committee.
 */
async function committeeDigest(committee) {
  if (typeof committee.network !== 'string' || !HEX32.test(committee.network.toLowerCase())) throw new Error('the network id is not 32 bytes of hex');
  const members = committee.authorities.map((a) => {
    if (typeof a.name !== 'string' || !HEX32.test(a.name.toLowerCase())) throw new Error('an authority key is not 32 bytes of hex');
    const weight = BigInt(a.weight);
    if (weight <= 0n || weight >= 2n ** 63n) throw new Error('an authority weight is out of range');
    return { key: hexToBytes(a.name.toLowerCase()), weight };
  }).sort((a, b) => compareBytes(a.key, b.key));
  if (members.length === 0) throw new Error('the committee has no authority');
  const bytes = new Uint8Array(32 + 40 * members.length);
  bytes.set(hexToBytes(committee.network.toLowerCase()), 0);
  members.forEach((m, i) => {
    if (i > 0 && compareBytes(members[i - 1].key, m.key) === 0) throw new Error('an authority is listed twice');
    bytes.set(m.key, 32 + 40 * i);
    new DataView(bytes.buffer).setBigUint64(64 + 40 * i, m.weight);
  });
  return bytesToHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
}

/** Quorum for a total weight N: ⌊2N/3⌋ + 1 (docs/PROTOCOL.md, "Committee"). */
const quorumOf = (total) => (2n * total) / 3n + 1n;

async function verifySignature(publicKey, signature, message) {
  const key = await crypto.subtle.importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
  return crypto.subtle.verify({ name: 'Ed25519' }, key, signature, message);
}

/**
 * Checks a certificate (hex) against a committee ({network, committeeDigest, authorities: [{name, weight}]}),
 * the committee digest the user pinned (hex, or null) and, if given, the hub's description of it.
 * Returns {ok, problems, order, votes, weight, quorum, digest, pinned}: ok only when the committee's
 * keys and weights hash to the digest it claims (and to the pinned one, if any), the bytes parse,
 * the network matches, the hub's claims match the bytes, and valid votes of distinct members reach a quorum.
 */
async function verifyCertificate(hex, committee, claimed, pin) {
  const problems = [];
  const result = { ok: false, problems, order: null, votes: [], weight: 0n, quorum: 0n, digest: null, pinned: Boolean(pin) };
  if (!globalThis.crypto || !crypto.subtle) {
    problems.push('this browser offers no WebCrypto here, so nothing can be verified');
    return result;
  }
  try {
    result.digest = await committeeDigest(committee);
  } catch (e) {
    problems.push('the committee the hub reports is malformed: ' + e.message);
    return result;
  }
  if (String(committee.committeeDigest).toLowerCase() !== result.digest) {
    problems.push('the hub says the committee digest is ' + committee.committeeDigest + ', but its keys and weights hash to ' + result.digest);
  }
  if (pin && pin !== result.digest) {
    problems.push('the committee the hub reports (' + result.digest + ') is not the pinned committee ' + pin);
  }
  const weights = new Map(committee.authorities.map((a) => [a.name.toLowerCase(), BigInt(a.weight)]));
  const total = [...weights.values()].reduce((a, b) => a + b, 0n);
  result.quorum = quorumOf(total);
  let parsed;
  try {
    parsed = parseCertificate(hexToBytes(hex));
    result.order = decodeOrder(parsed.order);
  } catch (e) {
    problems.push('the certificate bytes do not decode: ' + e.message);
    return result;
  }
  if (result.order.network !== committee.network.toLowerCase()) {
    problems.push('the order is for another network (' + result.order.network.slice(0, 16) + '…)');
  }
  if (result.order.kind === 'transfer' || result.order.kind === 'redeem') {
    if (result.order.amount === '0') problems.push('the amount is zero');
    if (result.order.to === result.order.from) problems.push('the sender pays itself');
    if (result.order.kind === 'redeem' && /^0x0{40}$/.test(result.order.primaryAddress)) problems.push('the redeem pays the zero address');
  }
  const message = concat(VOTE_TAG, parsed.order);
  let previous = null;
  for (const vote of parsed.votes) {
    const name = bytesToHex(vote.authority);
    const weight = weights.get(name);
    const entry = { authority: name, weight: weight ?? 0n, valid: false, note: '' };
    if (previous && compareBytes(previous, vote.authority) >= 0) {
      entry.note = 'out of order or repeated';
      problems.push('votes are not sorted by authority, or an authority votes twice');
    } else if (weight === undefined) {
      entry.note = 'not a member of the committee';
    } else {
      try {
        entry.valid = await verifySignature(vote.authority, vote.signature, message);
        entry.note = entry.valid ? 'signature valid' : 'signature INVALID';
      } catch (e) {
        entry.note = 'signature not checkable: ' + e.message;
      }
    }
    if (entry.valid) result.weight += weight;
    previous = vote.authority;
    result.votes.push(entry);
  }
  if (result.weight < result.quorum) {
    problems.push('valid votes weigh ' + result.weight + ', a quorum needs ' + result.quorum);
  }
  if (claimed) {
    for (const field of ['kind', 'owner', 'from', 'to', 'asset']) {
      const said = claimed[field] ?? null;
      const real = result.order[field] ?? null;
      if (said !== null && (real === null || String(said).toLowerCase() !== String(real).toLowerCase())) {
        problems.push('the hub says ' + field + ' = ' + said + ', the bytes say ' + real);
      }
    }
    for (const field of ['sequenceNumber', 'amount']) {
      if (claimed[field] !== undefined && claimed[field] !== null && String(claimed[field]) !== result.order[field]) {
        problems.push('the hub says ' + field + ' = ' + claimed[field] + ', the bytes say ' + result.order[field]);
      }
    }
  }
  result.ok = problems.length === 0;
  return result;
}

// ---- the hub ------------------------------------------------------------------------------

/** Builds an API path from fixed text and encoded parts, so nothing from a link can change which route is asked. */
const apiPath = (...parts) => parts.map((p, i) => (i % 2 === 0 ? p : encodeURIComponent(p))).join('');

async function api(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    throw new Error(body && body.message ? body.code + ': ' + body.message : 'HTTP ' + response.status);
  }
  return body;
}

const PIN_KEY = 'quorumpay.committeePin';
/** The committee digest the user pinned in this browser (localStorage), or null. */
function pinnedDigest() {
  try {
    const pin = localStorage.getItem(PIN_KEY);
    return pin && HEX32.test(pin) ? pin : null;
  } catch (e) {
    return null;
  }
}
function setPin(digest) {
  try {
    if (digest) localStorage.setItem(PIN_KEY, digest); else localStorage.removeItem(PIN_KEY);
  } catch (e) { /* storage refused: nothing is pinned */ }
}

let committeePromise = null;
/** The committee as the hub reports it (keys and weights); certificates are checked against it and its digest computed here. */
function committee() {
  if (!committeePromise) committeePromise = api('/v1/network').catch((e) => { committeePromise = null; throw e; });
  return committeePromise;
}

// ---- rendering (text only: nothing from the hub is ever parsed as HTML) ----------------------

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value !== undefined && value !== null) node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}
const short = (hex) => (hex ? hex.slice(0, 10) + '…' + hex.slice(-6) : '—');

// Account ids as people see them everywhere else (qp1…: bech32m, BIP-350, prefix qp), computed here
// from the 32 bytes rather than taken from the hub.
const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const BECH32_GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
function bech32m(hrp, data) {
  const values = [...hrp].map((c) => c.charCodeAt(0) >> 5).concat([0], [...hrp].map((c) => c.charCodeAt(0) & 31), data, [0, 0, 0, 0, 0, 0]);
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    BECH32_GENERATOR.forEach((g, i) => { if ((top >>> i) & 1) chk ^= g; });
  }
  chk ^= 0x2bc830a3;
  const checksum = [0, 1, 2, 3, 4, 5].map((i) => (chk >>> (5 * (5 - i))) & 31);
  return hrp + '1' + data.concat(checksum).map((v) => BECH32[v]).join('');
}
function accountText(hex) {
  const data = [];
  let acc = 0;
  let bits = 0;
  for (const byte of hex.match(/../g).map((b) => parseInt(b, 16))) {
    acc = ((acc << 8) | byte) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      data.push((acc >>> bits) & 31);
    }
  }
  if (bits > 0) data.push((acc << (5 - bits)) & 31);
  return bech32m('qp', data);
}
const accountLink = (hex) => {
  if (!hex || !HEX32.test(hex)) return el('span', { class: 'mono' }, hex || '—');
  const text = accountText(hex);
  return el('a', { href: '#/account/' + text, class: 'mono', title: text, 'data-account': hex }, short(text));
};
const certificateLink = (owner, seq, text) => (typeof owner === 'string' && HEX32.test(owner) && SEQUENCE.test(String(seq))
  ? el('a', { href: '#/certificate/' + owner + '/' + seq, class: 'certificate-link' }, text || owner.slice(0, 8) + '…/' + seq)
  : el('span', { class: 'error' }, 'malformed certificate reference'));
const view = () => document.getElementById('view');

/** Whose committee a verdict rests on, in plain words. */
const committeeWords = (result) => (result.pinned
  ? 'against committee ' + result.digest + ' (pinned)'
  : 'against the committee the hub reports (not pinned: compare the digest ' + result.digest + ' with one you trust)');

function verdictNode(result) {
  if (result.ok) {
    return el('div', { class: 'verdict ok', id: 'verdict', 'data-verified': 'true', 'data-pinned': String(result.pinned) },
      'Verified in this browser ' + committeeWords(result) + ': ' + result.votes.filter((v) => v.valid).length + ' valid votes weighing ' + result.weight
      + ' (quorum ' + result.quorum + ').');
  }
  return el('div', { class: 'verdict bad', id: 'verdict', 'data-verified': 'false' },
    'Does NOT verify: the hub\'s claims about this certificate are not backed by a quorum of the committee. ',
    el('ul', {}, result.problems.map((p) => el('li', {}, p))));
}

// ---- pages --------------------------------------------------------------------------------

let feedSocket = null;

async function showHome() {
  const status = el('section', { id: 'status' }, el('h2', {}, 'Network'), el('p', {}, 'loading…'));
  const feedBody = el('tbody', { id: 'feed-rows' });
  const feed = el('section', { id: 'feed' }, el('h2', {}, 'Live payments ', el('span', { id: 'feed-state' }, 'connecting…')),
    el('table', {}, el('thead', {}, el('tr', {}, ['cursor', 'kind', 'from', 'to', 'amount', 'certificate', 'check'].map((h) => el('th', {}, h)))), feedBody));
  view().replaceChildren(status, feed);
  openFeed(feedBody);
  try {
    const network = await api('/v1/network');
    const rows = network.authorities.map((a) => {
      const up = a.shards.filter((s) => s.up).length;
      return el('tr', { class: 'authority' }, el('td', { class: 'mono', title: a.name }, short(a.name)), el('td', {}, a.weight),
        el('td', { class: up === a.shards.length ? 'up' : 'down' }, up === a.shards.length ? 'up' : up + '/' + a.shards.length + ' shards up'),
        el('td', {}, a.shards.map((s) => s.appliedCount).reduce((x, y) => x + y, 0)),
        el('td', { class: 'error' }, a.shards.filter((s) => s.problem).map((s) => 'shard ' + s.shard + ': ' + s.problem).join('; ')));
    });
    const pin = pinnedDigest();
    let digest;
    try {
      digest = await committeeDigest(network);
    } catch (e) {
      digest = 'malformed (' + e.message + ')';
    }
    const digestNote = digest !== String(network.committeeDigest).toLowerCase() ? 'does NOT match the digest the hub claims (' + network.committeeDigest + ')'
      : pin === null ? 'not pinned: compare it with a digest you trust, then pin it'
        : pin === digest ? 'matches your pinned digest' : 'does NOT match your pinned digest ' + pin;
    const pinInput = el('input', { id: 'pin-digest', placeholder: 'committee digest to pin (64 hex digits)', value: pin || '', spellcheck: 'false', autocomplete: 'off' });
    const pinForm = el('form', { id: 'pin' }, pinInput, el('button', { type: 'submit' }, 'Pin'));
    pinForm.addEventListener('submit', (e) => {
      e.preventDefault();
      const value = pinInput.value.trim().toLowerCase();
      if (value && !HEX32.test(value)) { pinInput.setCustomValidity('64 hex digits'); pinInput.reportValidity(); return; }
      setPin(value || null);
      route();
    });
    status.replaceChildren(el('h2', {}, 'Network'),
      el('p', { id: 'committee' }, 'committee digest computed in this browser from the keys and weights the hub reports: ',
        el('code', { id: 'committee-digest' }, digest), ' — ', el('span', { id: 'committee-note' }, digestNote)),
      pinForm,
      el('p', {}, 'network ', el('code', {}, short(network.network)),
        ' · total weight ' + network.totalWeight + ' · quorum ' + network.quorumWeight + ' · ' + network.shardCount + ' shards per authority'
        + ' · primary ' + (network.primary.up ? 'height ' + network.primary.height + ', ' + network.primary.depositCount + ' deposits' : 'unreachable')),
      el('table', {}, el('thead', {}, el('tr', {}, ['authority', 'weight', 'health', 'certificates applied', 'problems'].map((h) => el('th', {}, h)))),
        el('tbody', {}, rows)),
      el('p', {}, 'as of ' + network.asOf));
  } catch (e) {
    status.replaceChildren(el('h2', {}, 'Network'), el('p', { class: 'error' }, 'network status unavailable: ' + e.message));
  }
}

/** Follows the network feed over /v1/live, resuming from its last cursor after a disconnect. */
function openFeed(tbody) {
  let since = null;
  const state = document.getElementById('feed-state');
  const connect = () => {
    if (!document.body.contains(tbody)) return;
    const socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/v1/live');
    feedSocket = socket;
    socket.onopen = () => {
      socket.send(JSON.stringify(since === null ? { type: 'subscribe', feed: 'network' } : { type: 'subscribe', feed: 'network', since }));
    };
    socket.onmessage = (message) => {
      const m = JSON.parse(message.data);
      if (m.type === 'event') {
        since = m.cursor;
        addFeedRow(tbody, m);
      } else if (m.type === 'subscribed') {
        if (since === null) since = m.cursor;
        state.textContent = 'live';
      } else if (m.type === 'error') {
        state.textContent = m.code + ': ' + m.message;
      }
    };
    socket.onclose = () => {
      if (feedSocket !== socket) return;
      state.textContent = 'reconnecting…';
      setTimeout(connect, 1000);
    };
  };
  connect();
}

const FEED_ROWS = 50;

function addFeedRow(tbody, event) {
  const check = el('span', { class: 'badge' }, event.owner ? 'checking…' : '—');
  const row = el('tr', { class: 'feed-row', 'data-cursor': event.cursor },
    el('td', {}, event.cursor), el('td', {}, event.event === 'deposit' ? 'deposit' : event.kind),
    el('td', {}, event.event === 'deposit' ? el('span', { class: 'mono' }, event.counterparty) : accountLink(event.direction === 'out' ? event.account : event.counterparty)),
    el('td', {}, event.direction === 'out' ? (event.kind === 'redeem' ? el('span', { class: 'mono' }, event.counterparty) : accountLink(event.counterparty)) : accountLink(event.account)),
    el('td', {}, event.amount + ' ' + (event.asset || '')),
    el('td', {}, event.owner ? certificateLink(event.owner, event.sequenceNumber) : 'deposit #' + event.depositIndex),
    el('td', {}, check));
  tbody.prepend(row);
  while (tbody.children.length > FEED_ROWS) tbody.lastChild.remove();
  if (event.owner) {
    // Everything the row shows is claimed: the payer's row names its payer (and a transfer's payee), a payee's row its payee.
    const parties = event.direction === 'out' ? { from: event.account, to: event.kind === 'transfer' ? event.counterparty : undefined }
      : { to: event.account };
    checkBadge(row, check, event.owner, event.sequenceNumber,
      { kind: event.kind, amount: event.amount, asset: event.asset, owner: event.owner, sequenceNumber: event.sequenceNumber, ...parties });
  }
}

/** Verifies the row's certificate; once verified, the row's parties and amount are shown from the certificate's bytes. */
async function checkBadge(row, badge, owner, seq, claimed) {
  try {
    if (!HEX32.test(String(owner)) || !SEQUENCE.test(String(seq))) throw new Error('malformed certificate reference');
    const [network, certificate] = await Promise.all([committee(), api(apiPath('/v1/certificates/', owner, '/', String(seq)))]);
    const result = await verifyCertificate(certificate.hex, network, { ...certificate, ...claimed }, pinnedDigest());
    badge.textContent = result.ok ? 'verified' : 'does not verify';
    badge.className = 'badge ' + (result.ok ? 'ok' : 'bad');
    badge.title = result.ok ? 'verified ' + committeeWords(result) : result.problems.join('; ');
    if (result.ok) {
      const o = result.order;
      const cells = row.children;
      cells[2].replaceChildren(o.from ? accountLink(o.from) : '—');
      cells[3].replaceChildren(o.to ? accountLink(o.to) : el('span', { class: 'mono' }, o.primaryAddress || '—'));
      cells[4].replaceChildren(o.amount + ' ' + (o.asset || claimed.asset || ''));
    }
  } catch (e) {
    badge.textContent = 'unchecked: ' + e.message;
    badge.className = 'badge bad';
  }
}

async function showAccount(account) {
  view().replaceChildren(el('section', { id: 'account' }, el('h2', {}, 'Account ', el('code', {}, account)), el('p', {}, 'loading…')));
  const section = document.getElementById('account');
  let info;
  try {
    info = await api(apiPath('/v1/accounts/', account));
  } catch (e) {
    section.replaceChildren(el('h2', {}, 'Account'), el('p', { class: 'error', id: 'account-error' }, e.message));
    return;
  }
  const asked = account.toLowerCase();
  if (typeof info.account !== 'string' || !HEX32.test(info.account) || (asked !== info.account && asked !== accountText(info.account))) {
    section.replaceChildren(el('h2', {}, 'Account'), el('p', { class: 'error', id: 'account-error' }, 'the hub answered for another account than ' + account));
    return;
  }
  const balances = Object.entries(info.balances || {});
  const historyBody = el('tbody', { id: 'history-rows' });
  section.replaceChildren(el('h2', {}, 'Account ', el('code', { title: info.account }, accountText(info.account))),
    el('table', { id: 'balances' }, el('thead', {}, el('tr', {}, el('th', {}, 'asset'), el('th', {}, 'balance'))),
      el('tbody', {}, balances.length ? balances.map(([a, v]) => el('tr', {}, el('td', {}, a), el('td', { class: 'balance' }, v))) : el('tr', {}, el('td', {}, 'no funds')))),
    el('p', {}, 'next sequence number ' + info.nextSequenceNumber
      + (info.asOf ? ' · as a quorum reports it (' + info.asOf.authoritiesAnswered + ' authorities answered)' : '')),
    el('h2', {}, 'History'),
    el('table', {}, el('thead', {}, el('tr', {}, ['cursor', 'kind', 'direction', 'counterparty', 'amount', 'proof'].map((h) => el('th', {}, h)))), historyBody));
  const more = el('button', { id: 'history-more', hidden: '' }, 'more');
  section.append(more);
  const load = async (cursor) => {
    try {
      const page = await api(apiPath('/v1/accounts/', info.account, '/history?limit=50&cursor=', String(cursor)));
      for (const item of page.items) historyBody.append(historyRow(item));
      if (page.nextCursor !== null && page.nextCursor !== undefined) {
        more.hidden = false;
        more.onclick = () => { more.hidden = true; load(page.nextCursor); };
      }
    } catch (e) {
      section.append(el('p', { class: 'error' }, 'history unavailable: ' + e.message));
    }
  };
  load(0);
}

function historyRow(item) {
  // A redeem_paid row has no certificate of its own: the hub read the payout from the primary. It links
  // to the redeem's certificate, which that page verifies; the payout itself is not verified here.
  const paid = item.kind === 'redeem_paid';
  return el('tr', { class: 'history-row' }, el('td', {}, item.id), el('td', {}, item.kind), el('td', {}, item.direction),
    el('td', {}, item.kind === 'deposit' || item.kind === 'redeem' || paid ? el('span', { class: 'mono' }, item.counterparty || '—') : accountLink(item.counterparty)),
    el('td', {}, item.amount + ' ' + (item.asset || '')),
    el('td', {}, item.owner ? certificateLink(item.owner, item.sequenceNumber, paid ? 'redeem certificate' : 'certificate')
      : 'deposit #' + item.depositIndex,
      paid ? el('span', { class: 'note', title: 'reported by the primary chain, not by a certificate' }, ' (payout as the primary reports it)') : null));
}

async function showCertificate(owner, seq) {
  const section = el('section', { id: 'certificate' }, el('h2', {}, 'Certificate ', el('code', {}, owner + ' / ' + seq)),
    el('div', { class: 'verdict wait', id: 'verdict' }, 'checking the votes in this browser…'));
  view().replaceChildren(section);
  let network;
  let certificate;
  try {
    [network, certificate] = await Promise.all([committee(), api(apiPath('/v1/certificates/', owner, '/', seq))]);
  } catch (e) {
    section.replaceChildren(el('h2', {}, 'Certificate'), el('p', { class: 'error', id: 'certificate-error' }, e.message));
    return;
  }
  const result = await verifyCertificate(certificate.hex, network, certificate, pinnedDigest());
  const o = result.order || {};
  const hubSays = certificate.check ? (certificate.check.valid ? 'valid' : 'not valid: ' + certificate.check.detail) : '—';
  section.replaceChildren(el('h2', {}, 'Certificate ', el('code', {}, short(owner) + ' / ' + seq)), verdictNode(result),
    el('table', { id: 'order' }, el('tbody', {},
      [['kind', o.kind], ['payer', o.from ? accountLink(o.from) : '—'], ['payee', o.to ? accountLink(o.to) : (o.primaryAddress || '—')],
        ['asset', o.asset || '—'], ['amount', o.amount], ['slot', (o.owner ? short(o.owner) : '—') + ' / ' + o.sequenceNumber],
        ['the hub says', hubSays]].map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, v ?? '—'))))),
    el('h2', {}, 'Votes'),
    el('table', { id: 'votes' }, el('thead', {}, el('tr', {}, ['authority', 'weight', 'check'].map((h) => el('th', {}, h)))),
      el('tbody', {}, result.votes.map((v) => el('tr', { class: v.valid ? 'vote ok' : 'vote bad' }, el('td', { class: 'mono' }, short(v.authority)),
        el('td', {}, String(v.weight)), el('td', { class: v.valid ? 'up' : 'down' }, v.note))))),
    el('details', {}, el('summary', {}, 'bytes'), el('code', {}, certificate.hex)));
}

function route() {
  if (feedSocket) { const s = feedSocket; feedSocket = null; s.close(); }
  // #committee=<digest> pins a committee digest in this browser (a link to share one you trust).
  const pin = /^#committee=([0-9a-fA-F]{64})$/.exec(location.hash);
  if (pin) {
    setPin(pin[1].toLowerCase());
    history.replaceState(null, '', '#/');
    return showHome();
  }
  let parts;
  try {
    parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  } catch (e) {
    parts = [];
  }
  if (parts[0] === 'account' && parts[1]) return showAccount(parts[1]);
  if (parts[0] === 'certificate' && parts.length === 3) {
    const owner = parts[1].toLowerCase();
    if (HEX32.test(owner) && SEQUENCE.test(parts[2])) return showCertificate(owner, parts[2]);
    view().replaceChildren(el('section', { id: 'certificate' }, el('h2', {}, 'Certificate'),
      el('p', { class: 'error', id: 'certificate-error' }, 'not a certificate reference: the owner is 64 hex digits and the sequence number a decimal number')));
    return undefined;
  }
  return showHome();
}

window.addEventListener('hashchange', route);
document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('lookup').addEventListener('submit', (e) => {
    e.preventDefault();
    const account = document.getElementById('lookup-account').value.trim();
    if (account) location.hash = '#/account/' + account;
  });
  route();
});

// For tests in Node or a console: the verifier alone.
globalThis.quorumpayExplorer = { verifyCertificate, parseCertificate, decodeOrder, committeeDigest };
