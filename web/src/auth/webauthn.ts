// Passkeys in the browser: the server sends WebAuthn options as JSON with binary fields in
// base64url (webauthn-rs' format) and expects the browser's answer in the same form. These
// helpers turn one into the other around navigator.credentials.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function fromBase64url(text: string): ArrayBuffer {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  return bytes.buffer;
}

function toBase64url(buffer: ArrayBuffer): string {
  let binary = '';
  for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The options without `null` members: WebAuthn's dictionaries take a missing member, not null. */
function withoutNulls(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [key, member] of Object.entries(value)) if (member !== null) out[key] = withoutNulls(member);
    return out;
  }
  return value;
}

interface CredentialDescriptorJson {
  id: string;
  type: string;
  transports?: string[];
}

/** Whether this browser can use passkeys at all. */
export function passkeysSupported(): boolean {
  return typeof window !== 'undefined' && 'PublicKeyCredential' in window && !!navigator.credentials;
}

function descriptors(list: unknown): PublicKeyCredentialDescriptor[] {
  return ((list as CredentialDescriptorJson[] | undefined) ?? []).map((c) => ({
    ...c,
    type: 'public-key',
    id: fromBase64url(c.id),
    transports: c.transports as AuthenticatorTransport[] | undefined,
  }));
}

/** Creates a passkey for the server's registration options; the answer as JSON. */
export async function createPasskey(optionsJson: string): Promise<string> {
  const { publicKey } = withoutNulls(JSON.parse(optionsJson) as Json) as { publicKey: Record<string, unknown> };
  const user = publicKey.user as { id: string; name: string; displayName: string };
  const options = {
    ...publicKey,
    challenge: fromBase64url(publicKey.challenge as string),
    user: { ...user, id: fromBase64url(user.id) },
    excludeCredentials: descriptors(publicKey.excludeCredentials),
  } as unknown as PublicKeyCredentialCreationOptions;
  const credential = (await navigator.credentials.create({ publicKey: options })) as PublicKeyCredential | null;
  if (!credential) throw new Error('no passkey was created');
  const response = credential.response as AuthenticatorAttestationResponse;
  return JSON.stringify({
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: credential.type,
    response: {
      attestationObject: toBase64url(response.attestationObject),
      clientDataJSON: toBase64url(response.clientDataJSON),
      transports: response.getTransports?.() ?? [],
    },
    extensions: credential.getClientExtensionResults(),
  });
}

/** Answers the server's login challenge with a passkey; the answer as JSON. */
export async function answerWithPasskey(optionsJson: string): Promise<string> {
  const { publicKey } = withoutNulls(JSON.parse(optionsJson) as Json) as { publicKey: Record<string, unknown> };
  const options = {
    ...publicKey,
    challenge: fromBase64url(publicKey.challenge as string),
    allowCredentials: descriptors(publicKey.allowCredentials),
  } as unknown as PublicKeyCredentialRequestOptions;
  const credential = (await navigator.credentials.get({ publicKey: options })) as PublicKeyCredential | null;
  if (!credential) throw new Error('no passkey was used');
  const response = credential.response as AuthenticatorAssertionResponse;
  return JSON.stringify({
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: credential.type,
    response: {
      authenticatorData: toBase64url(response.authenticatorData),
      clientDataJSON: toBase64url(response.clientDataJSON),
      signature: toBase64url(response.signature),
      userHandle: response.userHandle ? toBase64url(response.userHandle) : null,
    },
    extensions: credential.getClientExtensionResults(),
  });
}
