// A small Groove client on Node's own fetch (Node 18+, no npm dependencies).
//
// What the contract asks, in JavaScript: one app token reused until it expires; the code flow
// with state and PKCE; the rotated refresh token kept; exactly one `Authorization: Bearer` per
// call, set on each request; one renewal and one retry on a token error; bounded backoff that
// honours Retry-After; continuation paging on the same URL.

import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";

export const APP_SCOPE = "app.music.xboxlive.com";
export const GROOVE_SCOPE = "MicrosoftMediaServices.GrooveApiAccess";
const TOKEN_ERRORS = new Set([
  "ACCESS_TOKEN_EXPIRED",
  "AUTHORIZATION_TOKEN_EXPIRED",
  "INVALID_AUTHORIZATION_HEADER",
]);
const EARLY_MS = 60_000; // renew a minute before expires_in runs out
const MAX_RETRIES = 3; // retries of a 429/503
const MAX_WAIT_S = 30; // a longer Retry-After fails the call at once

export class GrooveClientError extends Error {
  constructor(message, { status = null, code = null } = {}) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const sleep = (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

export class GrooveClient {
  constructor({ authUrl, apiUrl, clientId, clientSecret = null, redirectUri }) {
    this.authUrl = authUrl.replace(/\/+$/, "");
    this.apiUrl = apiUrl.replace(/\/+$/, "");
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.redirectUri = redirectUri;
    this.instanceId = randomUUID().replaceAll("-", ""); // 32 characters, one per client
    this.app = null; // { value, expiresAt }
    this.user = null;
    this.refreshToken = null;
    this.pending = null; // { state, verifier }
  }

  // app token (client credentials) --------------------------------------------------------

  async appToken() {
    if (!fresh(this.app)) {
      if (this.clientSecret === null) {
        throw new GrooveClientError("a public client has no secret, so no app token");
      }
      this.app = await this.tokenPost("/accesstoken.srf", {
        grant_type: "client_credentials",
        client_id: this.clientId,
        client_secret: this.clientSecret,
        scope: APP_SCOPE,
      });
    }
    return this.app.value;
  }

  // user sign-in (authorization code with PKCE) --------------------------------------------

  authorizeUrl({ offlineAccess = false } = {}) {
    const state = randomBytes(24).toString("base64url");
    const verifier = randomBytes(48).toString("base64url");
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    this.pending = { state, verifier };
    const scopes = [GROOVE_SCOPE, ...(offlineAccess ? ["offline_access"] : [])];
    const query = new URLSearchParams({
      client_id: this.clientId,
      response_type: "code",
      redirect_uri: this.redirectUri,
      scope: scopes.join(" "),
      state,
      code_challenge: challenge,
      code_challenge_method: "S256",
    });
    return `${this.authUrl}/oauth20_authorize.srf?${query}`;
  }

  async finishSignIn(callbackUrl) {
    const params = new URL(callbackUrl).searchParams;
    const pending = this.pending;
    this.pending = null;
    if (pending === null) throw new GrooveClientError("no sign-in in progress");
    if (!sameSecret(params.get("state") ?? "", pending.state)) {
      throw new GrooveClientError("the callback's state is not the one sent", { code: "state" });
    }
    if (params.has("error")) {
      throw new GrooveClientError(params.get("error_description") ?? "", {
        code: params.get("error"),
      });
    }
    if (!params.get("code")) throw new GrooveClientError("the callback has no code");
    this.user = await this.tokenPost("/oauth20_token.srf", this.withSecret({
      grant_type: "authorization_code",
      code: params.get("code"),
      redirect_uri: this.redirectUri,
      client_id: this.clientId,
      code_verifier: pending.verifier,
    }));
  }

  signOut() {
    this.user = null;
    this.refreshToken = null;
    this.pending = null;
    const query = new URLSearchParams({ client_id: this.clientId, redirect_uri: this.redirectUri });
    return `${this.authUrl}/oauth20_logout.srf?${query}`;
  }

  async userToken() {
    if (fresh(this.user)) return this.user.value;
    if (this.refreshToken === null) {
      this.user = null;
      throw new GrooveClientError("no user is signed in", { status: 401, code: "NOT_SIGNED_IN" });
    }
    this.user = await this.tokenPost("/oauth20_token.srf", this.withSecret({
      grant_type: "refresh_token",
      refresh_token: this.refreshToken,
      redirect_uri: this.redirectUri,
      client_id: this.clientId,
    }));
    return this.user.value;
  }

  withSecret(form) {
    return this.clientSecret === null ? form : { ...form, client_secret: this.clientSecret };
  }

  async tokenPost(path, form) {
    // A form body: URLSearchParams encodes the secret's + / = as the form needs.
    const response = await fetch(`${this.authUrl}${path}`, {
      method: "POST",
      headers: { Accept: "application/json" },
      body: new URLSearchParams(form),
    });
    const body = await jsonOf(response);
    if (response.status !== 200 || typeof body.access_token !== "string") {
      const code = typeof body.error === "string" ? body.error : null;
      throw new GrooveClientError(`token request failed: ${response.status} ${code}`, {
        status: response.status,
        code,
      });
    }
    if (typeof body.refresh_token === "string") this.refreshToken = body.refresh_token; // rotated
    const lifetime = Number(body.expires_in ?? 3600);
    return { value: body.access_token, expiresAt: Date.now() + lifetime * 1000 };
  }

  // API calls ------------------------------------------------------------------------------

  async call(method, path, { params = null, json = undefined, user = false } = {}) {
    const useUser = user || this.clientSecret === null;
    let renewals = 0;
    let throttled = 0;
    for (;;) {
      const token = useUser ? await this.userToken() : await this.appToken();
      const response = await this.send(method, this.url(path, params), token, json);
      const body = await jsonOf(response);
      const code = typeof body?.Error?.ErrorCode === "string" ? body.Error.ErrorCode : null;
      if (response.status === 401 && TOKEN_ERRORS.has(code)) {
        if (useUser) this.user = null;
        else this.app = null;
        if (renewals < 1) {
          renewals += 1;
          continue;
        }
      } else if ((response.status === 429 || response.status === 503) && throttled < MAX_RETRIES) {
        const wait = retryAfter(response, throttled);
        if (wait <= MAX_WAIT_S) {
          throttled += 1;
          await sleep(wait);
          continue;
        }
      }
      if (response.status >= 400) {
        throw new GrooveClientError(`${method} ${path}: ${response.status} ${code}`, {
          status: response.status,
          code,
        });
      }
      return body;
    }
  }

  // Exactly one credential, set on each request's own headers: replaced, never added.
  async send(method, url, token, json) {
    const headers = { Accept: "application/json", Authorization: `Bearer ${token}` };
    const init = { method, headers };
    if (json !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(json);
    }
    return fetch(url, init);
  }

  url(path, params) {
    const url = new URL(`${this.apiUrl}${path}`);
    for (const [name, value] of Object.entries(params ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(name, String(value));
    }
    return url;
  }

  // A collection or playlist edit: `build(state)` makes the body from the collection's state
  // token (read first when `withState`). On 409 COLLECTION_CONCURRENT_UPDATE the collection
  // changed under us: read it again and send the edit once more, never blindly, never in a loop.
  async write(path, build, { withState = false } = {}) {
    let state = withState ? await this.collectionState() : null;
    try {
      return await this.call("POST", path, { json: build(state), user: true });
    } catch (error) {
      if (!(error instanceof GrooveClientError) || error.status !== 409) throw error;
    }
    state = await this.collectionState();
    return this.call("POST", path, { json: build(withState ? state : null), user: true });
  }

  // The collection's state token: Collection.Token of the profile.
  async collectionState() {
    const profile = await this.call("GET", "/1/user/music/profile", { user: true });
    const token = profile?.Collection?.Token;
    return typeof token === "string" ? token : null;
  }

  // Every page of a list: the same URL again with only continuationToken.
  async *pages(path, params, { user = false } = {}) {
    const pending = [params];
    while (pending.length > 0) {
      const body = await this.call("GET", path, { params: pending.shift(), user });
      yield body;
      for (const value of Object.values(body)) {
        if (value && typeof value === "object" && value.ContinuationToken) {
          pending.push({ continuationToken: value.ContinuationToken });
        }
      }
    }
  }
}

function fresh(token) {
  return token !== null && Date.now() < token.expiresAt - EARLY_MS;
}

function sameSecret(received, sent) {
  const a = Buffer.from(received);
  const b = Buffer.from(sent);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function jsonOf(response) {
  try {
    const body = await response.json();
    return body && typeof body === "object" && !Array.isArray(body) ? body : {};
  } catch {
    return {};
  }
}

// Retry-After as delay-seconds or as an HTTP-date (RFC 9110 §10.2.3), else exponential backoff
// from half a second.
function retryAfter(response, attempt) {
  const value = (response.headers.get("retry-after") ?? "").trim();
  if (/^\d+$/.test(value)) return Number(value);
  const when = Date.parse(value);
  return Number.isNaN(when) ? 0.5 * 2 ** attempt : Math.max(0, (when - Date.now()) / 1000);
}
