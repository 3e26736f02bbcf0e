// Sealed values (engine/platform/crypto): what is stored cannot be read or altered without its key,
// and keys rotate without losing what older keys sealed.
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import {
  addKeyToFile,
  EncryptionCodec,
  Keyring,
  keyFilePath,
  loadKeyring,
  newKey,
  open,
  openLenient,
  parseKeySpec,
  SealedValueError,
  sealJson,
  sealText,
  UnknownKeyError,
} from '../../../engine/platform/crypto/index.js';
import { openDeep } from '../../../engine/platform/crypto/process-keyring.js';

const ring = () => new Keyring(newKey());

/** The same sealed value with one character of part `index` (0 prefix … 4 ciphertext) changed. */
function altered(sealed: string, index: number): string {
  const parts = sealed.split(':');
  const p = parts[index];
  const at = Math.floor(p.length / 2);
  parts[index] = p.slice(0, at) + (p[at] === 'A' ? 'B' : 'A') + p.slice(at + 1);
  return parts.join(':');
}

describe('sealed values', () => {
  it('open to the text or JSON value sealed, and hide it', () => {
    const r = ring();
    const text = 'Mon numéro de carte est 4242 🙈';
    const sealed = sealText(r, text);
    expect(sealed).toMatch(new RegExp(`^sb1:${r.current.id}:`));
    expect(sealed).not.toContain('4242');
    expect(open(r, sealed)).toBe(text);
    expect(open(r, sealText(r, ''))).toBe('');
    const attachments = [{ type: 'image', url: 'https://cdn.example.com/passport.jpg' }];
    const sealedJson = sealJson(r, attachments);
    expect(sealedJson).toMatch(/^sb1j:/);
    expect(sealedJson).not.toContain('passport');
    expect(open(r, sealedJson)).toEqual(attachments);
  });

  it('differ each time the same text is sealed (a fresh IV)', () => {
    const r = ring();
    expect(sealText(r, 'same')).not.toBe(sealText(r, 'same'));
  });

  it('come back unchanged when they are plaintext written before encryption', () => {
    expect(open(ring(), 'hello, a message from last year')).toBe('hello, a message from last year');
  });

  it('refuse to open when the ciphertext, tag or IV was altered', () => {
    const r = ring();
    const sealed = sealText(r, 'a private message long enough to alter');
    for (const part of [2, 3, 4]) expect(() => open(r, altered(sealed, part))).toThrow(SealedValueError);
    expect(() => open(r, altered(sealed, 3))).toThrow(/does not authenticate/);
  });

  it('refuse to open a value moved to another key id or kind (the header is authenticated)', () => {
    const a = newKey();
    const b = { ...newKey(), key: a.key }; // same bytes, other id: only the header differs
    const r = new Keyring(a, [b]);
    const sealed = sealText(r, 'secret');
    expect(() => open(r, sealed.replace(`:${a.id}:`, `:${b.id}:`))).toThrow(/does not authenticate/);
    expect(() => open(r, sealed.replace(/^sb1:/, 'sb1j:'))).toThrow(/does not authenticate/);
  });

  it('name the missing key when sealed with a key the keyring does not hold', () => {
    const sealed = sealText(ring(), 'secret');
    const other = ring();
    const keyId = sealed.split(':')[1];
    expect(() => open(other, sealed)).toThrow(UnknownKeyError);
    expect(() => open(other, sealed)).toThrow(new RegExp(`key "${keyId}", which is not in the keyring \\(keys held: ${other.current.id}\\)`));
  });

  it('say a truncated sealed value is malformed rather than return it as plaintext', () => {
    const r = ring();
    expect(() => open(r, sealText(r, 'cut short').slice(0, 30))).toThrow(/truncated or malformed/);
  });

  it('open with older keys after rotation, while new values use the new key', () => {
    const first = ring();
    const before = sealText(first, 'sealed before rotation');
    const rotated = new Keyring(newKey(), [first.current]);
    expect(open(rotated, before)).toBe('sealed before rotation');
    const after = sealText(rotated, 'sealed after');
    expect(after.split(':')[1]).toBe(rotated.current.id);
    expect(() => open(first, after)).toThrow(UnknownKeyError);
  });
});

describe('opening what the database returns', () => {
  it('opens sealed values inside longer texts (an e-mail body, an aggregate) and leaves look-alikes', () => {
    const r = ring();
    const body = `New message from Ann:\n${sealText(r, 'where is my parcel?')}\n\nReply in Switchboard`;
    expect(openLenient(r, body)).toBe('New message from Ann:\nwhere is my parcel?\n\nReply in Switchboard');
    const lookalike = 'sb1:k1:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA:AAAA';
    const failures: string[] = [];
    expect(openLenient(r, lookalike, (e) => failures.push(e.message))).toBe(lookalike);
    expect(failures).toEqual([expect.stringContaining('key "k1"')]);
  });

  it('opens rows, nested jsonb and the rows of a raw result in place, and nothing else', async () => {
    const { installKeyring } = await import('../../../engine/platform/crypto/process-keyring.js');
    const r = ring();
    installKeyring(r);
    const at = new Date();
    const rows = [{ id: 1, text: sealText(r, 'hi'), attachments: sealJson(r, [{ url: 'u' }]), config: { pageId: '1', appSecret: sealText(r, 's3cret') }, at }];
    expect(openDeep(rows)).toEqual([{ id: 1, text: 'hi', attachments: [{ url: 'u' }], config: { pageId: '1', appSecret: 's3cret' }, at }]);
    const raw = { command: 'SELECT', rows: [{ t: sealText(r, 'raw') }] };
    expect(openDeep(raw).rows).toEqual([{ t: 'raw' }]);
  });
});

describe('keys', () => {
  it('read SWITCHBOARD_KEY as base64 of 32 bytes with an optional id, naming what is wrong', () => {
    const bytes = Buffer.alloc(32, 7);
    expect(parseKeySpec(`prod-2026:${bytes.toString('base64')}`, 'SWITCHBOARD_KEY')).toEqual({ id: 'prod-2026', key: bytes });
    const derived = parseKeySpec(bytes.toString('base64'), 'SWITCHBOARD_KEY');
    expect(derived.id).toMatch(/^env-[0-9a-f]{10}$/);
    expect(parseKeySpec(bytes.toString('base64url'), 'SWITCHBOARD_KEY').id).toBe(derived.id);
    expect(() => parseKeySpec(Buffer.alloc(16).toString('base64'), 'SWITCHBOARD_KEY')).toThrow(/SWITCHBOARD_KEY must be 32 random bytes.*got 16 bytes/);
    expect(() => parseKeySpec(`bad id!:${bytes.toString('base64')}`, 'SWITCHBOARD_KEY')).toThrow(/key id before ":"/);
  });

  it('are created once in the data folder, readable by its owner only, and reused', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sb-keys-'));
    const first = await loadKeyring({ dataDir });
    expect(first.created).toBe(true);
    expect((await stat(keyFilePath(dataDir))).mode & 0o777).toBe(0o600);
    const again = await loadKeyring({ dataDir });
    expect(again.created).toBe(false);
    expect(again.ring.current).toEqual(first.ring.current);
    expect(open(again.ring, sealText(first.ring, 'kept across starts'))).toBe('kept across starts');
  });

  it('refuse to start without a key when told not to create one', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sb-keys-'));
    await expect(loadKeyring({ dataDir, create: false })).rejects.toThrow(/no encryption key: set SWITCHBOARD_KEY/);
  });

  it('rotate in the key file: a new current key, the old one kept for reading, even by a process started before', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sb-keys-'));
    const running = (await loadKeyring({ dataDir })).ring;
    const old = sealText(running, 'old');
    const added = await addKeyToFile(dataDir);
    expect((await stat(keyFilePath(dataDir))).mode & 0o777).toBe(0o600);
    const after = (await loadKeyring({ dataDir })).ring;
    expect(after.current.id).toBe(added.id);
    expect(open(after, old)).toBe('old');
    // The running process meets a value sealed with the new key: it reads the key file again.
    expect(open(running, sealText(after, 'new'))).toBe('new');
    expect(JSON.parse(await readFile(keyFilePath(dataDir), 'utf8')).keys).toHaveLength(2);
  });

  it('take SWITCHBOARD_KEY as the current key, the key file and SWITCHBOARD_OLD_KEYS still opening older values', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sb-keys-'));
    const fromFile = (await loadKeyring({ dataDir })).ring;
    const envKey = newKey();
    const oldEnv = newKey();
    const { ring: r, source } = await loadKeyring({ dataDir, key: envKey, oldKeys: [oldEnv] });
    expect(source).toBe('SWITCHBOARD_KEY');
    expect(r.current.id).toBe(envKey.id);
    expect(open(r, sealText(fromFile, 'file'))).toBe('file');
    expect(open(r, sealText(new Keyring(oldEnv), 'older'))).toBe('older');
  });
});

describe('the Temporal payload codec', () => {
  it('stores payloads as ciphertext naming their key, and restores them', async () => {
    const r = ring();
    const codec = new EncryptionCodec(r);
    const payload = defaultPayloadConverter.toPayload({ text: 'reply with marker-XYZ' });
    const [encoded] = await codec.encode([payload]);
    expect(Buffer.from(encoded.metadata!.encoding!).toString()).toBe('binary/encrypted');
    expect(Buffer.from(encoded.metadata!['encryption-key-id']!).toString()).toBe(r.current.id);
    expect(Buffer.from(encoded.data!).toString('latin1')).not.toContain('marker-XYZ');
    const [decoded] = await codec.decode([encoded]);
    expect(defaultPayloadConverter.fromPayload(decoded)).toEqual({ text: 'reply with marker-XYZ' });
  });

  it('passes payloads stored before encryption through, and names an unknown key', async () => {
    const plain = defaultPayloadConverter.toPayload('history from before');
    expect(await new EncryptionCodec(ring()).decode([plain])).toEqual([plain]);
    const [encoded] = await new EncryptionCodec(ring()).encode([plain]);
    await expect(new EncryptionCodec(ring()).decode([encoded])).rejects.toThrow(UnknownKeyError);
  });

  it('detects an altered payload', async () => {
    const r = ring();
    const [encoded] = await new EncryptionCodec(r).encode([defaultPayloadConverter.toPayload('x'.repeat(40))]);
    const data = Buffer.from(encoded.data!);
    data[20] ^= 1;
    await expect(new EncryptionCodec(r).decode([{ ...encoded, data }])).rejects.toThrow();
  });
});
