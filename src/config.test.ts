import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'dastan-config-'));
const base = { DATA_DIR: dataDir };

test('defaults serve on port 3000 from ./data/dastan.db for localhost', () => {
  const config = loadConfig(base);
  assert.equal(config.port, 3000);
  assert.equal(config.databaseUrl, './data/dastan.db');
  assert.equal(config.baseDomain, 'localhost');
  assert.equal(config.trustProxy, false);
  assert.ok(config.secretKey.length >= 32, 'a secret key is made and kept');
  assert.equal(loadConfig(base).secretKey, config.secretKey, 'the same key on the next start');
});

test('a bad value stops the start with a message naming the variable', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ PORT: 'eighty' }, /^PORT: /],
    [{ PORT: '70000' }, /^PORT: /],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL: /],
    [{ BASE_DOMAIN: 'not a domain' }, /^BASE_DOMAIN: /],
    [{ TRUST_PROXY: 'maybe' }, /^TRUST_PROXY: /],
    [{ SECRET_KEY: 'short' }, /^SECRET_KEY: /],
    [{ REDIS_URL: 'http://x' }, /^REDIS_URL: /],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL: /],
  ];
  for (const [env, message] of cases) {
    assert.throws(
      () => loadConfig({ ...base, ...env }),
      (error: Error) => error instanceof ConfigError && message.test(error.message),
      JSON.stringify(env),
    );
  }
});

test('the config file gives values the environment can override', () => {
  const file = path.join(dataDir, 'dastan.config.json');
  writeFileSync(file, JSON.stringify({ PORT: 4000, BASE_DOMAIN: 'blogs.example.com' }));
  const config = loadConfig({ ...base, DASTAN_CONFIG: file, PORT: '5000' });
  assert.equal(config.port, 5000);
  assert.equal(config.baseDomain, 'blogs.example.com');
  writeFileSync(file, '{ not json');
  assert.throws(() => loadConfig({ ...base, DASTAN_CONFIG: file }), /^Error: DASTAN_CONFIG: cannot read/);
});

test('postgres and sqlite URLs are accepted', () => {
  assert.equal(loadConfig({ ...base, DATABASE_URL: 'postgres://u@h/db' }).databaseUrl, 'postgres://u@h/db');
  assert.equal(loadConfig({ ...base, DATABASE_URL: 'sqlite://./x.db' }).databaseUrl, 'sqlite://./x.db');
});
