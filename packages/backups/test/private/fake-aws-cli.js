#!/usr/bin/env node
/*
 * A stand-in for the `aws` CLI, for the job-script tests: S3 is a directory
 * ($FAKE_AWS_DIR/s3/<bucket>/<key>), CloudWatch metrics are appended to
 * $FAKE_AWS_DIR/metrics.jsonl, the secret is $FAKE_SECRET. It implements the
 * calls the scripts make, with the CLI's semantics where they matter:
 * `s3 cp -` completes the upload with whatever it read when its stdin ends
 * (as the multipart upload of the real CLI does: a dump cut short still
 * becomes an object), an object appears whole or not at all (written to a
 * temporary file, then renamed), a missing object fails `head-object` and
 * `cp` with exit 1 and a message. Anything else fails loudly (exit 2), so a
 * script cannot depend on a call this stand-in does not model.
 */
const fs = require('fs');
const path = require('path');

const root = process.env.FAKE_AWS_DIR;
if (!root) {
  process.stderr.write('FAKE_AWS_DIR is not set\n');
  process.exit(2);
}
const args = process.argv.slice(2);
fs.appendFileSync(path.join(root, 'calls.log'), `${args.join(' ')}\n`);

function option(name) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}
function unexpected() {
  process.stderr.write(`fake aws: unexpected call: aws ${args.join(' ')}\n`);
  process.exit(2);
}
function objectPath(url) {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(url);
  if (!m) {
    unexpected();
  }
  return path.join(root, 's3', m[1], m[2]);
}
function missing(url) {
  process.stderr.write(`fatal error: An error occurred (404) when calling the HeadObject operation: Key "${url}" does not exist\n`);
  process.exit(1);
}
function writeObject(file, data) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.fake-aws-upload-${process.pid}`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}
function readStdin() {
  const chunks = [];
  const buffer = Buffer.alloc(1 << 16);
  for (;;) {
    let n;
    try {
      n = fs.readSync(0, buffer, 0, buffer.length, null);
    } catch (e) {
      if (e.code === 'EAGAIN') {
        continue;
      }
      if (e.code === 'EOF') {
        break;
      }
      throw e;
    }
    if (n === 0) {
      break;
    }
    chunks.push(Buffer.from(buffer.subarray(0, n)));
  }
  return Buffer.concat(chunks);
}

const [service, command] = args;
if (service === 'secretsmanager' && command === 'get-secret-value') {
  const secret = process.env[`FAKE_SECRET_${(option('--secret-id') || '').replace(/[^A-Za-z0-9]/g, '_')}`] || process.env.FAKE_SECRET;
  if (!secret) {
    process.stderr.write(`An error occurred (ResourceNotFoundException): secret ${option('--secret-id')} not found\n`);
    process.exit(254);
  }
  process.stdout.write(`${secret}\n`);
} else if (service === 's3' && command === 'cp') {
  const [from, to] = args.slice(2, 4);
  if (from === '-') {
    writeObject(objectPath(to), readStdin());
  } else if (from.startsWith('s3://')) {
    const source = objectPath(from);
    if (!fs.existsSync(source)) {
      missing(from);
    }
    if (to === '-') {
      process.stdout.write(fs.readFileSync(source));
    } else if (to.startsWith('s3://')) {
      writeObject(objectPath(to), fs.readFileSync(source));
    } else {
      fs.writeFileSync(to, fs.readFileSync(source));
    }
  } else if (to.startsWith('s3://')) {
    writeObject(objectPath(to), fs.readFileSync(from));
  } else {
    unexpected();
  }
} else if (service === 's3' && command === 'rm') {
  fs.rmSync(objectPath(args[2]), { force: true });
} else if (service === 's3api' && command === 'head-object') {
  const url = `s3://${option('--bucket')}/${option('--key')}`;
  const file = objectPath(url);
  if (!fs.existsSync(file)) {
    missing(url);
  }
  if (option('--output') !== 'json') {
    unexpected();
  }
  const stat = fs.statSync(file);
  process.stdout.write(`${JSON.stringify({ ContentLength: stat.size, LastModified: stat.mtime.toISOString() })}\n`);
} else if (service === 's3api' && command === 'list-objects-v2') {
  if (option('--output') !== 'json') {
    unexpected();
  }
  const bucketDir = path.join(root, 's3', option('--bucket'));
  const prefix = option('--prefix') || '';
  const keys = [];
  const walk = (dir) => {
    for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (!entry.name.includes('.fake-aws-upload-')) {
        keys.push(path.relative(bucketDir, full).split(path.sep).join('/'));
      }
    }
  };
  walk(bucketDir);
  const contents = keys.filter((k) => k.startsWith(prefix)).sort()
    .map((k) => ({ Key: k, Size: fs.statSync(path.join(bucketDir, k)).size }));
  process.stdout.write(`${JSON.stringify(contents.length > 0 ? { Contents: contents, KeyCount: contents.length } : { KeyCount: 0 })}\n`);
} else if (service === 'cloudwatch' && command === 'put-metric-data') {
  const namespace = option('--namespace');
  const data = JSON.parse(option('--metric-data'));
  if (!namespace || !Array.isArray(data)) {
    unexpected();
  }
  for (const datum of data) {
    fs.appendFileSync(path.join(root, 'metrics.jsonl'), `${JSON.stringify({ Namespace: namespace, ...datum })}\n`);
  }
} else {
  unexpected();
}
