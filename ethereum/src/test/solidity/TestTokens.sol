// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// A plain ERC-20 for tests, with a public mint. The variants below misbehave on purpose.
contract TestToken {
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;
    uint256 public totalSupply;

    function mint(address to, uint256 value) external {
        balanceOf[to] += value;
        totalSupply += value;
    }

    function approve(address spender, uint256 value) external returns (bool) {
        allowance[msg.sender][spender] = value;
        return true;
    }

    function transfer(address to, uint256 value) external virtual returns (bool) {
        move(msg.sender, to, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external virtual returns (bool) {
        allowance[from][msg.sender] -= value;
        move(from, to, value);
        return true;
    }

    function move(address from, address to, uint256 value) internal virtual {
        balanceOf[from] -= value;
        balanceOf[to] += value;
    }
}

/// Returns false instead of reverting, and moves nothing.
contract FalseToken is TestToken {
    function transfer(address, uint256) external pure override returns (bool) {
        return false;
    }

    function transferFrom(address, address, uint256) external pure override returns (bool) {
        return false;
    }
}

/// Takes a 1% fee on every transfer: the receiver gets less than was sent.
contract FeeToken is TestToken {
    function move(address from, address to, uint256 value) internal override {
        uint256 fee = value / 100;
        balanceOf[from] -= value;
        balanceOf[to] += value - fee;
        totalSupply -= fee;
    }
}

/// Returns nothing from transfer and transferFrom (as some deployed tokens do); otherwise correct.
contract NoReturnToken {
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    function mint(address to, uint256 value) external {
        balanceOf[to] += value;
    }

    function approve(address spender, uint256 value) external {
        allowance[msg.sender][spender] = value;
    }

    function transfer(address to, uint256 value) external {
        balanceOf[msg.sender] -= value;
        balanceOf[to] += value;
    }

    function transferFrom(address from, address to, uint256 value) external {
        allowance[from][msg.sender] -= value;
        balanceOf[from] -= value;
        balanceOf[to] += value;
    }
}

interface Redeemer {
    function redeem(bytes calldata order, bytes calldata signatures) external;
}

/// A redeem recipient that calls redeem again, with the same order, while being paid. It records
/// what the inner call returned (its revert data) and accepts the payment.
contract ReentrantReceiver {
    bytes public order;
    bytes public signatures;
    bytes public innerRevert;
    bool public innerSucceeded;
    uint256 public received;

    function arm(bytes calldata order_, bytes calldata signatures_) external {
        order = order_;
        signatures = signatures_;
    }

    receive() external payable {
        received += msg.value;
        if (order.length != 0) {
            bytes memory o = order;
            bytes memory s = signatures;
            delete order;
            try Redeemer(msg.sender).redeem(o, s) {
                innerSucceeded = true;
            } catch (bytes memory reason) {
                innerRevert = reason;
            }
        }
    }
}
