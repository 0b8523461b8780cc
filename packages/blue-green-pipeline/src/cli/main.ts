/* eslint-disable import/no-extraneous-dependencies -- run-time code: esbuild bundles the AWS SDK clients into the Lambda handlers and the CLI; the library (lib/index.js) never loads this file */
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ElasticBeanstalkClient } from '@aws-sdk/client-elastic-beanstalk';
import { S3Client } from '@aws-sdk/client-s3';
import { runCli } from './cli';
import { httpsStatus } from '../private/runtime/https-probe';

/* The ebkit-bluegreen command-line program (bundled by esbuild into assets/cli/ebkit-bluegreen.js). */
void runCli(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  env: process.env,
  engine: (region) => ({
    eb: new ElasticBeanstalkClient({ region }),
    cloudwatch: new CloudWatchClient({ region }),
    dynamodb: new DynamoDBClient({ region }),
    owner: `cli:${userInfo().username}@${hostname()}`,
    fetch: (url, init) => fetch(url, init),
    httpsStatus: (url) => httpsStatus(url),
    now: Date.now,
  }),
  codepipeline: (region) => new CodePipelineClient({ region }),
  s3: (region) => new S3Client({ region }),
  fileSize: (path) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    return stat?.isFile() ? stat.size : undefined;
  },
  readFile: (path) => readFile(path),
  sleep: (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000)),
}).then((code) => {
  process.exitCode = code;
});
