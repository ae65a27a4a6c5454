// A real OpenID Connect provider (panva's oidc-provider) for Poortwachter's test suite.
//
// Started on loopback by .ci/services.sh (`start_oidc`), which exports its issuer as
// POORTWACHTER_TEST_OIDC. Everything is in memory and lives as long as the process. It is the
// real library, configured for tests; the only non-standard part is an explicit, opt-in
// "misbehaving provider" mode, selected per login (`<mode>:<email>`), that corrupts the ID token
// after the token endpoint issued it, so tests can check that the relying party refuses it.
// See README.md for the accounts, the interaction pages and the modes.

import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import Provider from 'oidc-provider';
import {
  CompactSign, base64url, calculateJwkThumbprint, decodeProtectedHeader, exportJWK,
  generateKeyPair,
} from 'jose';

const TEST_PASSWORD = 'correct horse';
const MODES = ['sig', 'aud', 'nonce', 'iss', 'expired', 'alg-none', 'hs256', 'unverified'];

const PORT = Number(process.env.OIDC_PORT || 0);
if (!Number.isInteger(PORT) || PORT <= 0 || PORT > 65535) {
  console.error('set OIDC_PORT to the port to listen on');
  process.exit(2);
}
const ISSUER = `http://127.0.0.1:${PORT}`;

const CLIENTS = {
  poortwachter: 'poortwachter-test-secret',
  'other-app': 'other-app-secret',
};
// Our gateways under test listen on random loopback ports.
const CALLBACK = /^http:\/\/(127\.0\.0\.1|localhost):\d{1,5}\/api\/sso\/callback$/;

// --- signing key (RS256), generated at start; the private half is also used for re-signing ---
const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const privateJwk = await exportJWK(privateKey);
privateJwk.kid = await calculateJwkThumbprint(privateJwk);
privateJwk.alg = 'RS256';
privateJwk.use = 'sig';

// --- accounts: any e-mail address, optionally prefixed by a misbehaviour mode ---
function parseLogin(login) {
  const value = String(login ?? '').trim();
  const colon = value.indexOf(':');
  const at = value.indexOf('@');
  if (colon !== -1 && (at === -1 || colon < at)) {
    return { mode: value.slice(0, colon).toLowerCase(), email: value.slice(colon + 1).trim().toLowerCase() };
  }
  return { mode: undefined, email: value.toLowerCase() };
}

function displayName(email) {
  return email.split('@')[0].split('.').filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(' ');
}

// oidc-provider uses the accountId as the `sub`, so the accountId is the subject
// ("sub-" + the first 16 hex digits of sha256(e-mail)): stable per e-mail, whatever the mode. The
// e-mail and the mode of a login travel with its grant (created when consent is given, right after
// the login), so parallel logins of one person with different modes never mix.
const subFor = (email) => `sub-${createHash('sha256').update(email).digest('hex').slice(0, 16)}`;
const emailsBySub = new Map(); // sub -> e-mail (a sub is a hash of its e-mail: never changes)
const loginsByGrant = new Map(); // grantId -> { email, mode } of the login that made the grant

function findAccount(_ctx, sub, token) {
  const login = (token?.grantId && loginsByGrant.get(token.grantId)) || undefined;
  const email = login?.email ?? emailsBySub.get(sub);
  const mode = login?.mode;
  return {
    accountId: sub,
    async claims() {
      if (!email) return { sub };
      return {
        sub,
        email,
        email_verified: mode !== 'unverified',
        name: displayName(email),
        ...(mode ? { x_test_mode: mode } : {}),
      };
    },
  };
}

// --- small HTML helpers ---
const escapeHtml = (value) => String(value ?? '').replace(/[&<>"']/g, (c) => ({
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
}[c]));

function page(title, body) {
  return `<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:26rem;padding:0 1rem;color:#1a1a1a}
label{display:block;margin-top:1rem;font-weight:600}
input{display:block;width:100%;box-sizing:border-box;padding:.5rem;margin-top:.25rem;font-size:1rem}
button{margin-top:1.5rem;padding:.6rem 1.2rem;font-size:1rem}
.fout{color:#a00000;font-weight:600}
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

function loginPage({ uid, clientId, login, error }) {
  const invalid = error ? ' aria-invalid="true" aria-describedby="fout"' : '';
  return page('Test-inlogdienst', `<h1>Inloggen bij de test-inlogdienst</h1>
<p>Je logt in voor <strong>${escapeHtml(clientId)}</strong>.</p>
${error ? `<p id="fout" class="fout" role="alert">${escapeHtml(error)}</p>\n` : ''}<form method="post" action="/interaction/${escapeHtml(uid)}/login" autocomplete="off">
<label for="login">E-mailadres</label>
<input id="login" name="login" type="text" inputmode="email" autocomplete="username" required value="${escapeHtml(login)}"${invalid}>
<label for="password">Wachtwoord</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${invalid}>
<button type="submit">Inloggen</button>
</form>`);
}

function errorPage(out) {
  return page('Test-inlogdienst: fout', `<h1>Fout bij de test-inlogdienst</h1>
${Object.entries(out).map(([k, v]) => `<p><strong>${escapeHtml(k)}</strong>: ${escapeHtml(v)}</p>`).join('\n')}`);
}

async function readForm(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 64 * 1024) throw Object.assign(new Error('request body too large'), { status: 413 });
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

// --- the provider ---
const configuration = {
  clients: Object.entries(CLIENTS).map(([clientId, secret]) => ({
    client_id: clientId,
    client_secret: secret,
    token_endpoint_auth_method: 'client_secret_basic', // client_secret_post is accepted too
    grant_types: ['authorization_code'],
    response_types: ['code'],
    id_token_signed_response_alg: 'RS256',
    // Only to pass metadata validation; redirectUriAllowed below accepts any test callback.
    redirect_uris: ['http://127.0.0.1:1/api/sso/callback'],
  })),
  clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
  responseTypes: ['code'],
  allowOmittingSingleRegisteredRedirectUri: false,
  jwks: { keys: [privateJwk] },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  pkce: { required: () => true },
  scopes: ['openid'],
  claims: {
    // x_test_mode only exists for accounts logged in with a mode; it is removed from the ID token
    // by the token-endpoint hook below before the response leaves.
    openid: ['sub', 'x_test_mode'],
    email: ['email', 'email_verified'],
    profile: ['name'],
  },
  conformIdTokenClaims: false,
  features: {
    devInteractions: { enabled: false },
  },
  interactions: {
    url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
  },
  findAccount,
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = errorPage(out);
  },
};

const provider = new Provider(ISSUER, configuration);

provider.Client.prototype.redirectUriAllowed = function redirectUriAllowed(uri) {
  return typeof uri === 'string' && CALLBACK.test(uri);
};

// --- request log ---
provider.use(async (ctx, next) => {
  try {
    await next();
  } finally {
    console.log(`${ctx.method} ${ctx.path} ${ctx.status}`);
  }
});

// --- every authorization request starts a fresh provider session (no single sign-on at the
// provider): the login form is always shown, and a cookie jar reused for another account never
// lands on oidc-provider's logout confirmation ---
provider.use(async (ctx, next) => {
  if (ctx.path === '/auth') {
    const session = await provider.Session.get(ctx);
    if (session.accountId) await session.destroy();
  }
  await next();
});

// --- interactions: login form, automatic consent ---
provider.use(async (ctx, next) => {
  const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(ctx.path);
  if (!match) return next();
  const [, uid, login] = match;
  ctx.set('cache-control', 'no-store');
  try {
    if (!login && ctx.method === 'GET') {
      const details = await provider.interactionDetails(ctx.req, ctx.res);
      if (details.uid !== uid) ctx.throw(400, 'interaction mismatch');
      const { prompt, params } = details;
      if (prompt.name === 'login') {
        ctx.type = 'html';
        ctx.body = loginPage({ uid, clientId: params.client_id, login: params.login_hint ?? '' });
        return;
      }
      if (prompt.name === 'consent') {
        const accountId = details.session?.accountId;
        if (!accountId) ctx.throw(400, 'no login for consent');
        const grant = details.grantId
          ? await provider.Grant.find(details.grantId)
          : new provider.Grant({ accountId, clientId: params.client_id });
        const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = prompt.details;
        if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
        if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
        if (missingResourceScopes) {
          for (const [indicator, scopes] of Object.entries(missingResourceScopes)) {
            grant.addResourceScope(indicator, scopes.join(' '));
          }
        }
        const grantId = await grant.save();
        const testLogin = details.lastSubmission?.login?.testLogin;
        if (testLogin) loginsByGrant.set(grantId, testLogin);
        const returnTo = await provider.interactionResult(ctx.req, ctx.res, { consent: { grantId } }, {
          mergeWithLastSubmission: true,
        });
        ctx.status = 303;
        ctx.redirect(returnTo);
        return;
      }
      ctx.throw(501, `prompt ${prompt.name} not implemented`);
    }
    if (login && ctx.method === 'POST') {
      const details = await provider.interactionDetails(ctx.req, ctx.res);
      if (details.uid !== uid) ctx.throw(400, 'interaction mismatch');
      if (details.prompt.name !== 'login') ctx.throw(400, 'not a login interaction');
      const form = await readForm(ctx.req);
      const typed = (form.get('login') ?? '').trim();
      const { mode, email } = parseLogin(typed);
      let error;
      if (form.get('password') !== TEST_PASSWORD) error = 'Onjuist wachtwoord';
      else if (!/^[^@\s]+@[^@\s]+$/.test(email)) error = 'Vul een e-mailadres in';
      else if (mode !== undefined && !MODES.includes(mode)) error = `Onbekende testmodus: ${mode}`;
      if (error) {
        ctx.status = 200;
        ctx.type = 'html';
        ctx.body = loginPage({ uid, clientId: details.params.client_id, login: typed, error });
        return;
      }
      const sub = subFor(email);
      emailsBySub.set(sub, email);
      const result = { login: { accountId: sub, testLogin: { email, mode } } };
      const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, {
        mergeWithLastSubmission: false,
      });
      ctx.status = 303;
      ctx.redirect(returnTo);
      return;
    }
    ctx.throw(405, 'method not allowed');
  } catch (err) {
    ctx.status = err.statusCode || err.status || 500;
    ctx.type = 'html';
    ctx.body = errorPage({
      error: err.error || err.name || 'server_error',
      error_description: err.error_description || err.message,
    });
  }
});

// --- the misbehaving provider: corrupts the ID token of accounts logged in with a mode ---
const decodePayload = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));

async function resign(header, payload, key = privateKey) {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader(header)
    .sign(key);
}

function flipSignature(jwt) {
  const [h, p, s] = jwt.split('.');
  // Flip the first characters (the last one may only carry padding bits).
  const flipped = [...s].map((c, i) => (i < 4 ? (c === 'A' ? 'B' : 'A') : c)).join('');
  return `${h}.${p}.${flipped}`;
}

async function misbehave(idToken) {
  const payload = decodePayload(idToken);
  if (!('x_test_mode' in payload)) return idToken;
  const mode = payload.x_test_mode;
  delete payload.x_test_mode;
  const header = decodeProtectedHeader(idToken);
  const now = Math.floor(Date.now() / 1000);
  switch (mode) {
    case 'sig':
      return flipSignature(await resign(header, payload));
    case 'aud':
      return resign(header, { ...payload, aud: 'other-app' });
    case 'nonce':
      return resign(header, { ...payload, nonce: 'not-the-nonce' });
    case 'iss':
      return resign(header, { ...payload, iss: `${ISSUER}/other` });
    case 'expired':
      return resign(header, { ...payload, iat: now - 7200, exp: now - 3600 });
    case 'alg-none':
      return `${base64url.encode(JSON.stringify({ alg: 'none' }))}.${base64url.encode(JSON.stringify(payload))}.`;
    case 'hs256':
      return resign({ ...header, alg: 'HS256' }, payload, new TextEncoder().encode(CLIENTS.poortwachter));
    default: // 'unverified' (email_verified is already false) and anything else: just re-sign
      return resign(header, payload);
  }
}

provider.use(async (ctx, next) => {
  await next();
  if (ctx.path === '/token' && typeof ctx.body?.id_token === 'string') {
    ctx.body.id_token = await misbehave(ctx.body.id_token);
  } else if (ctx.path === '/me' && ctx.body && typeof ctx.body === 'object' && 'x_test_mode' in ctx.body) {
    delete ctx.body.x_test_mode;
  }
});

provider.on('server_error', (_ctx, err) => console.error('server_error', err));

// --- serve ---
const server = provider.listen(PORT, '127.0.0.1');
await once(server, 'listening');
console.log(`oidc provider on ${ISSUER}`);

function shutdown() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
