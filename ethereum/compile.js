// Compiles QuorumPay's Solidity contracts with the pinned solc-js (package-lock.json), through the
// standard-JSON interface so that the EVM version and optimizer settings are explicit, and writes
// <Contract>.abi, <Contract>.bin and the standard-JSON output for every contract into the output
// folder. Usage: node compile.js <output dir> <source file>...
// Exits non-zero, printing the compiler's messages, on any error.
'use strict';
const fs = require('fs');
const path = require('path');
const solc = require('solc');

const EVM_VERSION = 'cancun';
const [outDir, ...files] = process.argv.slice(2);
if (!outDir || files.length === 0) {
  console.error('usage: node compile.js <output dir> <source file>...');
  process.exit(2);
}
const sources = {};
for (const file of files) {
  sources[path.basename(file)] = { content: fs.readFileSync(file, 'utf8') };
}
const input = {
  language: 'Solidity',
  sources,
  settings: {
    evmVersion: EVM_VERSION,
    optimizer: { enabled: true, runs: 10000 },
    viaIR: false,
    metadata: { bytecodeHash: 'none' },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
  },
};
const output = JSON.parse(solc.compile(JSON.stringify(input)));
let failed = false;
for (const message of output.errors || []) {
  console.error(message.formattedMessage || message.message);
  if (message.severity === 'error') failed = true;
}
if (failed) process.exit(1);
fs.mkdirSync(outDir, { recursive: true });
for (const [source, contracts] of Object.entries(output.contracts)) {
  for (const [name, contract] of Object.entries(contracts)) {
    if (contract.evm.bytecode.object.length === 0) continue; // interfaces
    fs.writeFileSync(path.join(outDir, name + '.abi'), JSON.stringify(contract.abi));
    fs.writeFileSync(path.join(outDir, name + '.bin'), contract.evm.bytecode.object);
  }
}
fs.writeFileSync(path.join(outDir, 'solc-version.txt'), solc.version() + ' evm=' + EVM_VERSION + '\n');
console.log('compiled ' + files.length + ' file(s) with solc ' + solc.version() + ' for EVM ' + EVM_VERSION + ' into ' + outDir);
