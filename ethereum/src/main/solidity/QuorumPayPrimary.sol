// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title QuorumPay's primary contract on Ethereum
/// @notice Holds the funds of a QuorumPay network. Deposits of ETH and of registered ERC-20 tokens
/// are numbered from 0 without gaps and announced by a {Deposited} event, which the authorities
/// credit once it is deep enough. A redeem pays the primary address of a redeem transfer order
/// that a quorum of the committee countersigned (secp256k1, see docs/PROTOCOL.md, "Ethereum
/// primary"), at most once: a per-sender redeem log refuses replays and older sequence numbers.
/// Committee, network and assets are fixed at deployment; nobody administers the contract.
contract QuorumPayPrimary {
    // ----------------------------------------------------------------------------- errors
    /// The arrays given to the constructor do not fit together or are empty.
    error BadDeployment(string reason);
    /// The asset id is not registered in this contract.
    error UnknownAsset(bytes8 asset);
    /// The asset is registered for another kind of deposit (ETH vs ERC-20).
    error WrongAssetKind(bytes8 asset);
    /// A deposit or redeem of nothing.
    error ZeroAmount();
    /// An ETH deposit that is not a whole number of the asset's units.
    error NotWholeUnits(uint256 value, uint256 unit);
    /// The funds of the asset would reach 2^63 units.
    error BalanceOverflow(bytes8 asset, uint64 funds, uint256 amount);
    /// The token moved a different amount than asked (a fee-on-transfer or rebasing token).
    error TokenTransferMismatch(bytes8 asset, uint256 expected, uint256 received);
    /// The token refused the transfer (reverted, or returned false).
    error TokenTransferFailed(bytes8 asset);
    /// The redeem order is not 169 bytes of a QuorumPay transfer order.
    error MalformedOrder(string reason);
    /// The order belongs to another QuorumPay network.
    error WrongNetwork(bytes32 expected, bytes32 actual);
    /// The order pays a QuorumPay account, not a primary address.
    error NotARedeem(bytes32 sender, uint64 sequence);
    /// The order pays the zero address, which nobody controls.
    error InvalidPrimaryAddress();
    /// A countersignature is malformed or not from a committee member.
    error UnknownSigner(address signer);
    /// Countersignatures are not sorted by signer address, strictly ascending (or one signed twice).
    error SignersNotSorted();
    /// The countersignatures' weights do not reach a quorum.
    error InsufficientQuorum(uint64 weight, uint64 quorum);
    /// The sender's redeem at this sequence number or a later one was already paid.
    error RedeemReplay(bytes32 sender, uint64 sequence, uint64 lastRedeemed);
    /// The contract holds less of the asset than the redeem pays.
    error InsufficientFunds(bytes8 asset, uint64 held, uint64 amount);
    /// Paying the recipient failed (it refused ETH); nothing was paid or recorded.
    error PaymentFailed(address to);
    /// A call into the contract while it is paying or collecting (re-entrancy).
    error Reentrancy();

    // ----------------------------------------------------------------------------- events
    /// A deposit, numbered from 0 without gaps; `amount` is in the asset's units.
    event Deposited(uint64 indexed index, address indexed depositor, bytes32 indexed recipient, bytes8 asset,
        uint64 amount);
    /// A redeem paid `amount` units of `asset` to `to` for the order (`sender`, `sequence`).
    event Redeemed(bytes32 indexed sender, uint64 indexed sequence, address indexed to, bytes8 asset, uint64 amount);

    // ----------------------------------------------------------------------------- layout
    /// Domain tag of the countersigned redeem digest ("QP-REDEEM-ETH-V1").
    bytes16 public constant REDEEM_TAG = "QP-REDEEM-ETH-V1";
    /// Domain tag that starts every transfer order ("QP-TRANSFER-V1", zero-padded).
    bytes16 public constant TRANSFER_TAG = "QP-TRANSFER-V1";
    uint256 private constant ORDER_SIZE = 169;
    uint256 private constant MAX_U63 = (1 << 63) - 1;
    /// secp256k1 n / 2: countersignatures must have a low s.
    uint256 private constant HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;

    struct Asset {
        address token; // address(0) for ETH
        uint64 funds; // units held: deposited minus redeemed
        uint64 redeemed; // units paid out
        bool registered;
        uint256 unit; // wei (or token base units) per QuorumPay unit
    }

    /// The QuorumPay network id whose orders this contract pays.
    bytes32 public immutable networkId;
    /// SHA-256 of the Ed25519 committee (docs/PROTOCOL.md), so anyone can check which committee this is.
    bytes32 public immutable committeeId;
    /// Quorum weight: more than 2/3 of the total.
    uint64 public immutable quorum;
    /// Total weight of the committee.
    uint64 public immutable totalWeight;

    mapping(address => uint64) private weights;
    address[] private signerList;
    mapping(bytes8 => Asset) private assetsById;
    bytes8[] private assetList;
    /// Per sender account: the last redeemed sequence number plus one (0 = none yet).
    mapping(bytes32 => uint64) private redeemLog;
    uint64 private deposits;
    bool private transient busy;

    modifier nonReentrant() {
        if (busy) revert Reentrancy();
        busy = true;
        _;
        busy = false;
    }

    /// @param network_ the QuorumPay network id
    /// @param committee_ SHA-256 of the Ed25519 committee
    /// @param signerAddresses the authorities' Ethereum addresses (secp256k1 keys)
    /// @param signerWeights their weights, positive
    /// @param assetIds the assets, 1-8 ASCII characters, zero-padded
    /// @param tokens per asset: address(0) for ETH, else an ERC-20 contract
    /// @param units per asset: base units (wei) per QuorumPay unit, positive
    constructor(bytes32 network_, bytes32 committee_, address[] memory signerAddresses, uint64[] memory signerWeights,
        bytes8[] memory assetIds, address[] memory tokens, uint256[] memory units) {
        if (signerAddresses.length == 0 || signerAddresses.length != signerWeights.length) revert BadDeployment("signers");
        if (assetIds.length != tokens.length || assetIds.length != units.length) revert BadDeployment("assets");
        uint256 total;
        for (uint256 i; i < signerAddresses.length; ++i) {
            if (signerAddresses[i] == address(0) || weights[signerAddresses[i]] != 0) revert BadDeployment("signer zero or twice");
            if (signerWeights[i] == 0) revert BadDeployment("zero weight");
            weights[signerAddresses[i]] = signerWeights[i];
            signerList.push(signerAddresses[i]);
            total += signerWeights[i];
        }
        if (total > type(uint64).max / 2) revert BadDeployment("weights too large");
        for (uint256 i; i < assetIds.length; ++i) {
            if (assetIds[i] == bytes8(0) || assetsById[assetIds[i]].registered) revert BadDeployment("asset zero or twice");
            if (units[i] == 0 || units[i] > type(uint128).max) revert BadDeployment("unit");
            if (tokens[i] != address(0) && tokens[i].code.length == 0) revert BadDeployment("token is not a contract");
            assetsById[assetIds[i]] = Asset(tokens[i], 0, 0, true, units[i]);
            assetList.push(assetIds[i]);
        }
        networkId = network_;
        committeeId = committee_;
        totalWeight = uint64(total);
        quorum = uint64(total * 2 / 3 + 1);
    }

    // ----------------------------------------------------------------------------- deposits

    /// @notice Deposits the ETH sent for QuorumPay account `recipient`, as `asset` (an ETH asset).
    function depositEth(bytes32 recipient, bytes8 asset) external payable nonReentrant returns (uint64 index) {
        Asset storage a = assetsById[asset];
        if (!a.registered) revert UnknownAsset(asset);
        if (a.token != address(0)) revert WrongAssetKind(asset);
        if (msg.value == 0) revert ZeroAmount();
        if (msg.value % a.unit != 0) revert NotWholeUnits(msg.value, a.unit);
        return record(a, asset, recipient, msg.value / a.unit);
    }

    /// @notice Deposits `amount` units of ERC-20 `asset` (approved to this contract beforehand) for `recipient`.
    function depositToken(bytes32 recipient, bytes8 asset, uint64 amount) external nonReentrant returns (uint64 index) {
        Asset storage a = assetsById[asset];
        if (!a.registered) revert UnknownAsset(asset);
        if (a.token == address(0)) revert WrongAssetKind(asset);
        if (amount == 0) revert ZeroAmount();
        checkRoom(a, asset, amount);
        uint256 value = uint256(amount) * a.unit;
        uint256 before = IERC20(a.token).balanceOf(address(this));
        callToken(a.token, asset, abi.encodeCall(IERC20.transferFrom, (msg.sender, address(this), value)));
        uint256 received = IERC20(a.token).balanceOf(address(this)) - before;
        if (received != value) revert TokenTransferMismatch(asset, value, received);
        return record(a, asset, recipient, amount);
    }

    function checkRoom(Asset storage a, bytes8 asset, uint256 amount) private view {
        if (amount > MAX_U63 - a.funds) revert BalanceOverflow(asset, a.funds, amount);
    }

    function record(Asset storage a, bytes8 asset, bytes32 recipient, uint256 amount) private returns (uint64 index) {
        checkRoom(a, asset, amount);
        a.funds += uint64(amount);
        index = deposits++;
        emit Deposited(index, msg.sender, recipient, asset, uint64(amount));
    }

    // ----------------------------------------------------------------------------- redeems

    /// @notice Pays the redeem `order` (169 bytes) once, given countersignatures (65 bytes each: r, s, v)
    /// of committee members whose weights reach a quorum, sorted by signer address ascending.
    function redeem(bytes calldata order, bytes calldata signatures) external nonReentrant {
        (bytes32 sender, address to, bytes8 asset, uint64 amount, uint64 sequence) = parseRedeem(order);
        checkQuorum(redeemDigest(order), signatures);
        uint64 next = redeemLog[sender];
        if (sequence < next) revert RedeemReplay(sender, sequence, next - 1);
        Asset storage a = assetsById[asset];
        if (!a.registered) revert UnknownAsset(asset);
        if (a.funds < amount) revert InsufficientFunds(asset, a.funds, amount);
        // Effects before the payment: a re-entering or replayed call finds the log already moved.
        redeemLog[sender] = sequence + 1;
        a.funds -= amount;
        a.redeemed += amount;
        emit Redeemed(sender, sequence, to, asset, amount);
        uint256 value = uint256(amount) * a.unit;
        if (a.token == address(0)) {
            (bool ok,) = to.call{value: value}("");
            if (!ok) revert PaymentFailed(to);
        } else {
            callToken(a.token, asset, abi.encodeCall(IERC20.transfer, (to, value)));
        }
    }

    /// @notice The digest authorities countersign for `order`:
    /// keccak256(REDEEM_TAG (16) || chain id (32) || this contract (20) || order (169)).
    function redeemDigest(bytes calldata order) public view returns (bytes32) {
        return keccak256(abi.encodePacked(REDEEM_TAG, block.chainid, address(this), order));
    }

    function parseRedeem(bytes calldata order)
        private
        view
        returns (bytes32 sender, address to, bytes8 asset, uint64 amount, uint64 sequence)
    {
        if (order.length != ORDER_SIZE) revert MalformedOrder("not 169 bytes");
        if (bytes16(order[0:16]) != TRANSFER_TAG) revert MalformedOrder("not a transfer order");
        bytes32 network = bytes32(order[16:48]);
        if (network != networkId) revert WrongNetwork(networkId, network);
        sender = bytes32(order[48:80]);
        uint256 amount256 = uint64(bytes8(order[121:129]));
        uint256 sequence256 = uint64(bytes8(order[129:137]));
        if (amount256 > MAX_U63 || sequence256 > MAX_U63) revert MalformedOrder("u63 out of range");
        sequence = uint64(sequence256);
        if (order[80] != 0x02) revert NotARedeem(sender, sequence);
        if (bytes12(order[101:113]) != bytes12(0)) revert MalformedOrder("primary address not zero-padded");
        to = address(bytes20(order[81:101]));
        if (to == address(0)) revert InvalidPrimaryAddress();
        asset = bytes8(order[113:121]);
        amount = uint64(amount256);
        if (amount == 0) revert ZeroAmount();
    }

    function checkQuorum(bytes32 digest, bytes calldata signatures) private view {
        if (signatures.length % 65 != 0) revert MalformedOrder("signatures are not 65 bytes each");
        uint256 weight;
        address previous;
        for (uint256 offset; offset < signatures.length; offset += 65) {
            bytes32 r = bytes32(signatures[offset:offset + 32]);
            bytes32 s = bytes32(signatures[offset + 32:offset + 64]);
            uint8 v = uint8(signatures[offset + 64]);
            address signer;
            if (uint256(s) <= HALF_N && (v == 27 || v == 28)) signer = ecrecover(digest, v, r, s);
            uint64 w = weights[signer];
            if (w == 0) revert UnknownSigner(signer);
            if (signer <= previous) revert SignersNotSorted();
            previous = signer;
            weight += w;
        }
        if (weight < quorum) revert InsufficientQuorum(uint64(weight), quorum);
    }

    function callToken(address token, bytes8 asset, bytes memory data) private {
        (bool ok, bytes memory ret) = token.call(data);
        if (!ok || (ret.length != 0 && (ret.length != 32 || abi.decode(ret, (uint256)) != 1))) {
            revert TokenTransferFailed(asset);
        }
    }

    // ----------------------------------------------------------------------------- views

    /// @notice How many deposits there have been: the index the next one gets.
    function depositCount() external view returns (uint64) {
        return deposits;
    }

    /// @notice The sender's last redeemed sequence number, if any.
    function lastRedeemed(bytes32 sender) external view returns (bool any, uint64 sequence) {
        uint64 next = redeemLog[sender];
        return next == 0 ? (false, 0) : (true, next - 1);
    }

    /// @notice A registered asset: its token (address(0) for ETH), base units per unit, funds held and paid out.
    function assetInfo(bytes8 id)
        external
        view
        returns (bool registered, address token, uint256 unit, uint64 funds, uint64 redeemed)
    {
        Asset storage a = assetsById[id];
        return (a.registered, a.token, a.unit, a.funds, a.redeemed);
    }

    /// @notice Every registered asset id, in registration order.
    function assets() external view returns (bytes8[] memory) {
        return assetList;
    }

    /// @notice The committee's Ethereum addresses, in registration order.
    function signers() external view returns (address[] memory) {
        return signerList;
    }

    /// @notice The weight of a committee member's Ethereum address (0 if not a member).
    function weightOf(address signer) external view returns (uint64) {
        return weights[signer];
    }
}

/// The part of ERC-20 this contract uses.
interface IERC20 {
    function balanceOf(address owner) external view returns (uint256);
    function transfer(address to, uint256 value) external returns (bool);
    function transferFrom(address from, address to, uint256 value) external returns (bool);
}
