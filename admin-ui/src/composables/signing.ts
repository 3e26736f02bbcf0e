/** Hex HMAC-SHA256 of `body` with `secret` (WebCrypto), as the sandbox channel verifies it. */
export async function hmacSha256Hex(secret: string, body: string): Promise<string | null> {
  if (!globalThis.crypto?.subtle) return null; // not a secure context: the command signs with openssl instead
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const sig = await crypto.subtle.sign('HMAC', key, enc.encode(body));
  return [...new Uint8Array(sig)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Quotes a value for a POSIX shell. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A ready-to-run signed `curl` delivering `body` to a sandbox channel's webhook. */
export function sandboxCurl(webhookUrl: string, body: string, signature: string | null, secret: string): string {
  if (signature) {
    return [
      `curl -sS -X POST ${shellQuote(webhookUrl)} \\`,
      `  -H 'Content-Type: application/json' \\`,
      `  -H ${shellQuote(`X-Switchboard-Signature: sha256=${signature}`)} \\`,
      `  --data-raw ${shellQuote(body)}`,
    ].join('\n');
  }
  return [
    `BODY=${shellQuote(body)}`,
    `SIG=$(printf '%s' "$BODY" | openssl dgst -sha256 -hmac ${shellQuote(secret)} | sed 's/^.* //')`,
    `curl -sS -X POST ${shellQuote(webhookUrl)} -H 'Content-Type: application/json' -H "X-Switchboard-Signature: sha256=$SIG" --data-raw "$BODY"`,
  ].join('\n');
}
