// What the Node.js end-to-end scripts share: numbered checks, credential digests (values are compared, never
// printed), and running one command of this repository's .NET client (tests/interop/dotnet/InteropClient).
const { execFileSync } = require('child_process');
const crypto = require('crypto');
const assert = require('assert/strict');

let checks = 0;

function check(description, actual, expected) {
  assert.deepEqual(actual, expected, description);
  checks++;
  console.log(`  ok ${checks} - ${description}`);
}

function checkCount() {
  return checks;
}

function digest(values) {
  if (!values) return null;
  const text = Object.keys(values).sort().map(key => `${key}=${typeof values[key] === 'string' ? values[key] : JSON.stringify(values[key])}\n`).join('');
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

// A function that runs one .NET client command (DOTNET_CLIENT) with the given environment and returns its last output
// line as JSON; with '--expect-failure' first, exit 1 (a service error, printed as JSON) is required instead.
function dotnetClient(env) {
  const [file, ...rest] = process.env.DOTNET_CLIENT.split(' ');
  return (...args) => {
    const expectFailure = args[0] === '--expect-failure';
    if (expectFailure) args.shift();
    let output;
    try {
      output = execFileSync(file, [...rest, ...args], { encoding: 'utf8', env });
      if (expectFailure) throw new Error(`.NET client ${args.join(' ')} succeeded but was expected to fail: ${output}`);
    } catch (e) {
      if (!expectFailure || e.status !== 1) throw new Error(`.NET client ${args.join(' ')} failed (exit ${e.status}): ${e.stdout}${e.stderr}`);
      output = e.stdout;
    }
    const line = output.trim().split('\n').pop();
    console.log(`  .NET ${args.join(' ')} -> ${line.replace(/"credentials_digest":"[0-9a-f]+"/g, '"credentials_digest":"…"')}`);
    return JSON.parse(line);
  };
}

module.exports = { check, checkCount, digest, dotnetClient };
