// A local OpenID Provider for development, demos and tests of the citizen portal's sign-in:
// panva/oidc-provider (certified), authorization code flow with PKCE, RS256-signed ID tokens
// carrying the natural-person claims of the central authentication service.
//
//   node scripts/oidc-provider/server.mjs --port 4000 [--test-forgery]
//
// The client `openasp` (secret `openasp-dev-secret`) is a loopback client (RFC 8252): any
// port of http://127.0.0.1/azonositas/belepes/vissza is accepted, so test servers on random
// ports need no registration. `--test-forgery` adds POST /test/forge?kind=…, which makes
// the next token response carry a forged ID token, for tests proving the portal refuses it.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';
import * as jose from 'jose';

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const port = Number(arg('port', process.env.OPENASP_OIDC_PORT ?? '4000'));
const host = arg('host', '127.0.0.1');
const clientId = arg('client-id', 'openasp');
const clientSecret = arg('client-secret', 'openasp-dev-secret');
const forgery = args.includes('--test-forgery');

/** Test identities, as the central authentication service would describe them. */
export const IDENTITIES = {
  'minta.peter': {
    family_name: 'Minta', given_name: 'Péter', birth_name: 'Minta Péter',
    mother_birth_name: 'Kovács Mária', birth_place: 'Gödöllő', birthdate: '1980-01-01',
  },
  'kiss.anna': {
    family_name: 'Kiss', given_name: 'Anna', birth_name: 'Nagy Anna',
    mother_birth_name: 'Szabó Éva', birth_place: 'Budapest', birthdate: '1975-06-15',
  },
  'toth.janos': {
    family_name: 'Tóth', given_name: 'János', birth_name: 'Tóth János',
    mother_birth_name: 'Horváth Ilona', birth_place: 'Fót', birthdate: '1990-11-30',
  },
};
/** Every test identity's password. */
const PASSWORD = 'teszt';

// A fresh signing key per start: nothing secret is kept in the repository.
const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
const signingJwk = { ...(await jose.exportJWK(privateKey)), kid: 'openasp-dev-1', alg: 'RS256', use: 'sig' };

const listen = await new Promise((resolve) => {
  const probe = http.createServer();
  probe.listen(port, host, () => {
    const { port: actual } = probe.address();
    probe.close(() => resolve(actual));
  });
});
const issuer = `http://${host}:${listen}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    application_type: 'native',
    redirect_uris: ['http://127.0.0.1/azonositas/belepes/vissza'],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [signingJwk] },
  async findAccount(_ctx, id) {
    const person = IDENTITIES[id];
    if (!person) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...person }; } };
  },
  claims: {
    openid: ['sub'],
    profile: ['family_name', 'given_name', 'birthdate', 'birth_name', 'mother_birth_name', 'birth_place'],
  },
  // The portal reads the person from the ID token itself.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  ttl: { AccessToken: 600, AuthorizationCode: 120, IdToken: 600, Interaction: 900, Session: 3600, Grant: 3600 },
});

let nextForgery = null;
if (forgery) {
  const { privateKey: foreignKey } = await jose.generateKeyPair('RS256');
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path !== '/token' || !nextForgery || !ctx.body?.id_token) return;
    const kind = nextForgery;
    nextForgery = null;
    const claims = jose.decodeJwt(ctx.body.id_token);
    const header = { alg: 'RS256', kid: signingJwk.kid, typ: 'JWT' };
    const now = Math.floor(Date.now() / 1000);
    const sign = (payload, key) => new jose.SignJWT(payload).setProtectedHeader(header).sign(key);
    switch (kind) {
      case 'foreign_key': ctx.body.id_token = await sign(claims, foreignKey); break;
      case 'expired': ctx.body.id_token = await sign({ ...claims, iat: now - 7200, exp: now - 3600 }, privateKey); break;
      case 'wrong_audience': ctx.body.id_token = await sign({ ...claims, aud: 'someone-else' }, privateKey); break;
      case 'wrong_issuer': ctx.body.id_token = await sign({ ...claims, iss: 'http://127.0.0.1:1' }, privateKey); break;
      case 'wrong_nonce': ctx.body.id_token = await sign({ ...claims, nonce: 'replayed' }, privateKey); break;
      case 'tampered': {
        const [h, , s] = ctx.body.id_token.split('.');
        const body = Buffer.from(JSON.stringify({ ...claims, family_name: 'Hamis' })).toString('base64url');
        ctx.body.id_token = `${h}.${body}.${s}`;
        break;
      }
      default: break;
    }
  });
}

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid, error) {
  const people = Object.entries(IDENTITIES)
    .map(([id, p]) => `<li><code>${escape(id)}</code> – ${escape(p.family_name)} ${escape(p.given_name)}</li>`)
    .join('');
  return `<!doctype html><html lang="hu"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Központi azonosítás (fejlesztői)</title>
<style>body{font-family:sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
label{display:block;font-weight:bold;margin-top:1rem}input{font-size:1rem;padding:.4rem;width:100%;box-sizing:border-box}
button{margin-top:1.5rem;font-size:1rem;padding:.5rem 1.2rem;background:#00703c;color:#fff;border:0}
.error{border-left:5px solid #d4351c;padding-left:1rem;color:#d4351c}</style></head>
<body><main><h1>Központi azonosítás</h1>
<p>Fejlesztői és tesztazonosító-szolgáltató. Tesztszemélyek (jelszó: <code>${PASSWORD}</code>):</p><ul>${people}</ul>
${error ? `<p class="error" role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<label for="login">Azonosító</label><input id="login" name="login" autocomplete="username" required>
<label for="password">Jelszó</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Belépés</button></form></main></body></html>`;
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) break;
  }
  return new URLSearchParams(body);
}

const handler = provider.callback();
const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, issuer);
    if (forgery && req.method === 'POST' && url.pathname === '/test/forge') {
      nextForgery = url.searchParams.get('kind');
      res.writeHead(204).end();
      return;
    }
    const login = url.pathname.match(/^\/interaction\/([\w-]+)(\/login)?$/);
    if (login) {
      const details = await provider.interactionDetails(req, res);
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginPage(details.uid));
        return;
      }
      const form = await readForm(req);
      const accountId = (form.get('login') ?? '').trim();
      if (!IDENTITIES[accountId] || form.get('password') !== PASSWORD) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(loginPage(details.uid, 'Hibás azonosító vagy jelszó.'));
        return;
      }
      // First-party portal: consent is implied by signing in.
      const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
      grant.addOIDCScope(String(details.params.scope ?? 'openid'));
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
      return;
    }
    handler(req, res);
  } catch (error) {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end(`error: ${error.message}`);
  }
});
server.listen(listen, host, () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
