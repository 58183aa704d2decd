// A real OpenID Connect provider for the tests (the npm package oidc-provider), on
// 127.0.0.1. Started by tests/oidc/fixtures.py with its configuration as JSON in
// OIDC_TEST_CONFIG: {port, accounts: [{sub, email, email_verified, name}], clients:
// [{client_id, client_secret}], redirect_prefixes: [...]}. It prints "ready <issuer>" when it
// listens. The sign-in page is the package's development page: any password, the login is
// the account's sub. POST /__test__/mode {"mode": ...} changes what it answers, so one
// process serves every test:
//   normal          as a provider does
//   wrong-audience  the ID token is minted for the second client (aud), not the asking one
//   expired         the ID token expired an hour ago
//   nonsense        the discovery document is an HTML page
import Provider from "oidc-provider";
import * as jose from "jose";

const config = JSON.parse(process.env.OIDC_TEST_CONFIG);
const issuer = `http://127.0.0.1:${config.port}`;
const accounts = new Map(config.accounts.map((a) => [a.sub, a]));
let mode = "normal";

const { privateKey } = await jose.generateKeyPair("RS256", { extractable: true });
const jwk = { ...(await jose.exportJWK(privateKey)), kid: "test-key", alg: "RS256", use: "sig" };

const provider = new Provider(issuer, {
  clients: config.clients.map((c) => ({
    client_id: c.client_id,
    client_secret: c.client_secret,
    redirect_uris: ["http://127.0.0.1/accounts/oidc/callback/"],
    grant_types: ["authorization_code"],
    response_types: ["code"],
    token_endpoint_auth_method: "client_secret_post",
  })),
  jwks: { keys: [jwk] },
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  scopes: ["openid", "email", "profile"],
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  cookies: { keys: ["test-cookie-key"] },
  async findAccount(ctx, id) {
    const account = accounts.get(id);
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: account.email, email_verified: account.email_verified, name: account.name };
      },
    };
  },
  // No consent page: the board's own application.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope("openid email profile");
    await grant.save();
    return grant;
  },
});

// The redirect URI holds the board's id and the test server's address, which differ per
// test: any callback under the given prefixes is allowed.
provider.Client.prototype.redirectUriAllowed = (value) =>
  config.redirect_prefixes.some((prefix) => value.startsWith(prefix) && value.includes("/accounts/oidc/"));

provider.use(async (ctx, next) => {
  if (ctx.path === "/__test__/mode" && ctx.method === "POST") {
    const chunks = [];
    for await (const chunk of ctx.req) chunks.push(chunk);
    mode = JSON.parse(Buffer.concat(chunks).toString()).mode;
    ctx.body = { mode };
    return;
  }
  if (mode === "nonsense" && ctx.path.startsWith("/.well-known/")) {
    ctx.type = "html";
    ctx.body = "<html><body>Service unavailable, try later</body></html>";
    return;
  }
  await next();
  if (ctx.path === "/token" && ctx.status === 200 && mode !== "normal") {
    const body = typeof ctx.body === "string" ? JSON.parse(ctx.body) : ctx.body;
    const claims = jose.decodeJwt(body.id_token);
    const now = Math.floor(Date.now() / 1000);
    if (mode === "wrong-audience") claims.aud = config.clients[1].client_id;
    if (mode === "expired") Object.assign(claims, { iat: now - 7200, exp: now - 3600 });
    body.id_token = await new jose.SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: jwk.kid, typ: "JWT" })
      .sign(privateKey);
    ctx.body = body;
  }
});

provider.listen(config.port, "127.0.0.1", () => {
  console.log(`ready ${issuer}`);
});
