"""The catalogue: every rule a Groove client is judged by, in the order reports list them."""

from __future__ import annotations

from .._adapter import Capability
from ._rule import Level, Rule

_MUST, _SHOULD = Level.MUST, Level.SHOULD
_C = Capability

RULES: tuple[Rule, ...] = (
    Rule(
        "GC-TOKEN-001",
        _MUST,
        "The app token is requested with POST to /accesstoken.srf, a form body, "
        "grant_type=client_credentials and scope=app.music.xboxlive.com",
        "§3.1, §12.1",
        _C.APP_TOKEN,
        "POST application/x-www-form-urlencoded grant_type=client_credentials, client_id, "
        "the URL-encoded client_secret and scope=app.music.xboxlive.com to /accesstoken.srf.",
        ("wrong-method", "wrong-content-type", "grant-type-client"),
        legal="Fetching the app token when the client is built, at its first call or when "
        "told to (the whole run is judged); client_secret in the body or HTTP Basic.",
    ),
    Rule(
        "GC-TOKEN-002",
        _MUST,
        "The client secret, codes, refresh tokens and PKCE verifiers never travel in a URL",
        "§3.1 (the secret goes URL-encoded in the body); RFC 6749 §2.3.1, §3.2",
        None,
        "Put client_secret, code, refresh_token and code_verifier in the form body of the "
        "POST (the secret may go in HTTP Basic), never in a query string.",
        (
            "secret-in-query",
            "code-in-query",
            "refresh-token-in-query",
            "code-verifier-in-query",
        ),
        legal="The secret in HTTP Basic. Checked on the app token request, the authorize URL, "
        "the code redemption and a refresh.",
    ),
    Rule(
        "GC-TOKEN-003",
        _MUST,
        "An app token is reused for every call until it expires, not fetched per call nor at "
        "a user's sign-in or sign-out",
        "§3.1 (lifetime: read expires_in)",
        _C.APP_TOKEN,
        "Cache the app token with its expires_in and reuse it, whoever signs in or out; fetch "
        "a new one only when it expired or the API said *_EXPIRED.",
        legal="Fetching it eagerly or lazily; renewing it shortly before expires_in runs out. "
        "Checked over catalog calls between a sign-in, another user's sign-in and a sign-out.",
    ),
    Rule(
        "GC-TOKEN-004",
        _SHOULD,
        "Token lifetimes are read from expires_in: a token that lives shorter than the client "
        "would assume is renewed before the API refuses it",
        "§3.1 (lifetime: read expires_in), §3.3; RFC 6749 §5.1",
        None,
        "Keep expires_in with every access token and renew when it has run out (a margin "
        "before is fine), instead of assuming an hour or a day.",
        legal="Renewing early by any margin; on a token that lives 1 s, renewing before every "
        "call; keeping the expiry to the whole second (the suite waits 2.1 s). Checked on the "
        "app token and on a refreshed user token, both living 1 s.",
    ),
    Rule(
        "GC-CLIENT-001",
        _MUST,
        "The client authenticates to the token endpoints with one method and its registered "
        "secret, correctly encoded",
        "§3.1, §3.3; RFC 6749 §2.3, §2.3.1",
        None,
        "Send client_id and the secret in the form body (form-encoding the secret), or in "
        "HTTP Basic over the form-encoded client_id:client_secret, never both.",
        (
            "multiple-client-auth",
            "basic-not-form-encoded",
            "bad-client-secret",
            "unknown-client",
            "secret-on-public-client",
        ),
        legal="The secret in the form body or in HTTP Basic over the form-encoded id and "
        "secret; a public client sends none.",
    ),
    Rule(
        "GC-AUTH-001",
        _MUST,
        "The authorize URL is /oauth20_authorize.srf with the app's client_id and "
        "response_type=code",
        "§3.3 (authorize, code flow)",
        _C.USER_SIGN_IN,
        "Send the browser to {auth}/oauth20_authorize.srf?client_id=…&response_type=code&….",
        legal="Other parameters of the authorize endpoint (prompt, login_hint), in any order.",
    ),
    Rule(
        "GC-AUTH-002",
        _MUST,
        "The authorize URL's redirect_uri is the registered redirect URI, exactly",
        "§3.3 (redirect_uri rules); RFC 6749 §3.1.2",
        _C.USER_SIGN_IN,
        "Use the redirect URI registered for the app, character for character.",
        ("redirect-uri-unregistered", "authorize-redirect-uri-missing"),
        legal="None but the registered URI; a public app's is the authorization server's own "
        "oauth20_desktop.srf.",
    ),
    Rule(
        "GC-AUTH-003",
        _MUST,
        "The authorize URL asks for the Groove scope MicrosoftMediaServices.GrooveApiAccess",
        "§3.3 (scopes)",
        _C.USER_SIGN_IN,
        "Put MicrosoftMediaServices.GrooveApiAccess in the space-separated scope parameter.",
        legal="Other scopes besides it (wl.basic, offline_access), in any order.",
    ),
    Rule(
        "GC-AUTH-004",
        _MUST,
        "offline_access is asked for when the client wants a refresh token",
        "§3.3 (scopes: offline_access gives a refresh token)",
        _C.REFRESH,
        "Add offline_access to the scope when you mean to refresh the user token.",
        legal="Asking for offline_access at every sign-in.",
    ),
    Rule(
        "GC-AUTH-005",
        _MUST,
        "Every sign-in sends a fresh, unguessable state",
        "§3.3 (state, INF); RFC 6749 §10.10, §10.12",
        _C.USER_SIGN_IN,
        "Generate a new random state (at least 16 characters) for every authorize URL with a "
        "CSPRNG (secrets.token_urlsafe), never from a counter, the clock or the client id.",
        legal="Any length from 16 characters, any alphabet, a fixed prefix around a random "
        "part. Judged over four authorize URLs (two sign-ins, by two users, across a sign-out, "
        "and two abandoned ones): all different, and any two differing in 8 characters or "
        "more once their common prefix and suffix are set aside.",
    ),
    Rule(
        "GC-AUTH-006",
        _MUST,
        "The state that comes back is checked: a callback with another state, or none, is "
        "refused and its code never redeemed",
        "§3.3 (state, INF); RFC 6749 §10.12",
        _C.USER_SIGN_IN,
        "Compare the callback's state with the one you sent (hmac.compare_digest) before "
        "redeeming the code; refuse the callback when they differ or it has no state.",
        legal="Refusing with any error; keeping or dropping the pending sign-in after a refusal.",
    ),
    Rule(
        "GC-AUTH-007",
        _MUST,
        "A public client (no secret) uses PKCE: an S256 code_challenge in the authorize URL, "
        "the matching code_verifier in the redemption, and a new verifier for every sign-in",
        "§3.3, §3.4 (native apps); RFC 7636",
        _C.PUBLIC_CLIENT,
        "Send code_challenge=BASE64URL(SHA256(verifier)) with code_challenge_method=S256, "
        "then code_verifier when redeeming the code; a new random verifier per sign-in.",
        ("pkce-missing", "pkce-plain", "pkce-mismatch", "pkce-downgrade"),
        legal="Any verifier of 43 to 128 characters (RFC 7636 §4.1); PKCE on a confidential "
        "client too.",
    ),
    Rule(
        "GC-CODE-001",
        _MUST,
        "The code is redeemed once, at /oauth20_token.srf with "
        "grant_type=authorization_code and the same redirect_uri",
        "§3.3 (redeem code); RFC 6749 §4.1.3, §10.5",
        _C.USER_SIGN_IN,
        "POST grant_type=authorization_code, code, client_id, client_secret and the very "
        "redirect_uri of the authorize URL, once.",
        ("code-replayed", "redirect-uri-mismatch", "redirect-uri-missing", "code-wrong-client"),
        legal="PKCE on a confidential client too; the secret in the body or HTTP Basic.",
    ),
    Rule(
        "GC-REFRESH-001",
        _MUST,
        "An expired user token is renewed with grant_type=refresh_token, and the rotated "
        "refresh token is kept for the next renewal",
        "§3.3 (refresh); RFC 6749 §6",
        _C.REFRESH,
        "POST grant_type=refresh_token with the latest refresh_token, and store the "
        "refresh_token of every response in place of the old one.",
        ("refresh-token-replayed", "refresh-token-wrong-client", "refresh-scope-widened"),
        legal="Refreshing at any call, after a 401 or before it; every refresh of the run "
        "must carry the refresh token issued last before it.",
    ),
    Rule(
        "GC-CRED-001",
        _MUST,
        "Every API call carries exactly one credential, also after a token renewal",
        "§4, §5, §9, §13 (GiancarloLelli/groovesdk adds a second Authorization value)",
        None,
        "Set the Authorization header per request (replace, never add); send no token in "
        "the query or body besides it.",
        ("multiple-credentials", "no-credential"),
        legal="The user token on catalog endpoints while a user is signed in (§5: either token).",
    ),
    Rule(
        "GC-CRED-002",
        _MUST,
        "The credential goes in the Authorization header as 'Bearer <token>', not in the "
        "accessToken or access_token parameters",
        "§1, §4, §9",
        None,
        "Send 'Authorization: Bearer <access_token>' and drop the legacy accessToken query.",
        ("credential-not-in-header", "malformed-credential"),
        legal="The scheme in any case (bearer, BEARER: RFC 9110 §11.1). A call with two "
        "credentials is GC-CRED-001's: it blocks this rule rather than failing it.",
    ),
    Rule(
        "GC-USER-001",
        _MUST,
        "User-only endpoints (profile, collection, playlists, stream, radio) get the user "
        "token, never an app token",
        "§5, §6, §9",
        _C.USER_SIGN_IN,
        "Use the signed-in user's token for user endpoints; ask the user to sign in when "
        "there is none instead of falling back to the app token.",
        ("app-token-on-user-endpoint",),
        legal="Refusing a user call while nobody is signed in without any request, or sending "
        "it with no token at all. Checked before the sign-in, signed in, and after a sign-out.",
    ),
    Rule(
        "GC-USER-002",
        _MUST,
        "A user access token is reused for every call until it expires, not renewed per call",
        "§3.3 (access token lifetime: expires_in), §3.4",
        _C.USER_SIGN_IN,
        "Cache the user's access token with its expires_in and send it on every user call; "
        "refresh only when it expired or the API said AUTHORIZATION_TOKEN_EXPIRED.",
        legal="Renewing shortly before expires_in runs out. Checked over six user calls right "
        "after a sign-in: no token request, one token on all of them.",
    ),
    Rule(
        "GC-RETRY-001",
        _MUST,
        "On ACCESS_TOKEN_EXPIRED, AUTHORIZATION_TOKEN_EXPIRED or "
        "INVALID_AUTHORIZATION_HEADER the client gets a fresh token and retries the call once",
        "§3.4 (SDK recovery), §8, §9",
        None,
        "On those codes drop the cached token, get a new one (app token or refresh) and "
        "repeat the call one time.",
        legal="Renewing before the call instead (no error to recover from), or on the next "
        "call. A call refused because the app token went to a user endpoint is GC-USER-001's.",
    ),
    Rule(
        "GC-RETRY-002",
        _MUST,
        "A call that keeps failing with a token error is retried once, not in a loop",
        "§3.4 (retry once)",
        None,
        "Count the token retry: after one renewal and one repeat, report the error.",
        legal="Reporting the error as soon as the one repeat fails.",
    ),
    Rule(
        "GC-RATE-001",
        _MUST,
        "After 429 or 503 the call is retried, and no sooner than Retry-After says, in "
        "seconds or as an HTTP-date, however long it is",
        "§8, §10; RFC 9110 §10.2.3",
        None,
        "On 429/503 wait what Retry-After says (delta-seconds or an HTTP-date; your own backoff "
        "when absent), then retry; when it is longer than you will wait, give up instead of "
        "retrying early.",
        legal="Waiting longer than Retry-After; giving up (an error, no retry) on a wait too "
        "long. Checked with 1 s, an HTTP-date 1 to 2 s ahead, and 3600 s in both forms.",
    ),
    Rule(
        "GC-RATE-002",
        _MUST,
        "Backoff is bounded: a 429/503 that persists, or a Retry-After too long to wait, ends "
        "in an error rather than an endless wait or loop",
        "§10",
        None,
        "Cap the retries (a few) and the wait (seconds, not hours); then report the error.",
        legal="Any cap of a few retries; giving up at once on a Retry-After longer than the "
        "client will wait.",
    ),
    Rule(
        "GC-RATE-003",
        _MUST,
        "Other 4xx errors (bad input, not found, no Music Pass...) are not retried",
        "§8",
        None,
        "Retry only 429, 503 and the token errors of GC-RETRY-001; report every other 4xx.",
        legal="Retrying 502 and other 5xx after a wait; only 4xx other than 429 and the token "
        "errors must not be retried.",
    ),
    Rule(
        "GC-PAGE-001",
        _MUST,
        "A list is read to its end by calling the same URL with continuationToken",
        "§7 (continuation semantics)",
        _C.PAGING,
        "Repeat the request on the same path with continuationToken=<the ContinuationToken "
        "received> until no token comes back.",
        legal="The common parameters (country, language) on continuation calls.",
    ),
    Rule(
        "GC-PAGE-002",
        _SHOULD,
        "A continuation call drops the other optional parameters",
        "§7 (continuation semantics)",
        _C.PAGING,
        "Send only continuationToken (and the common language/country) on a continuation call.",
        legal="country and language kept on continuation calls.",
    ),
    Rule(
        "GC-STREAM-001",
        _MUST,
        "preview and stream carry a clientInstanceId of 32 to 128 characters that stays the "
        "same for the client",
        "§6 #11-12, §10",
        _C.STREAMING,
        "Generate one clientInstanceId (e.g. a UUID's 32 hex digits) per installation, store "
        "it, and send it on every preview and stream call.",
        legal="Any alphabet, 32 to 128 characters. With the persistence capability the client "
        "is restarted once: the value must survive it.",
    ),
    Rule(
        "GC-COLLECTION-001",
        _MUST,
        "A collection add or delete refused with 409 COLLECTION_CONCURRENT_UPDATE is retried "
        "once, after reading the collection again, never blindly nor in a loop",
        "§6 #14-15, §7 (collection state), §8 (COLLECTION_CONCURRENT_UPDATE, INF)",
        _C.COLLECTION_WRITES,
        "On 409 COLLECTION_CONCURRENT_UPDATE read the collection again (the profile's "
        "Collection.Token, a browse), then repeat the write once; report a second 409.",
        legal="Any GET as the re-read (profile, collection browse, lookup); reporting the "
        "error after the one retry. Checked with one injected 409, then a persistent one.",
    ),
    Rule(
        "GC-PLAYLIST-001",
        _MUST,
        "A playlist update refused with 409 COLLECTION_CONCURRENT_UPDATE is retried once, "
        "after reading the collection state again, never blindly nor in a loop",
        "§6 #17 (CollectionStateToken), §7, §8 (COLLECTION_CONCURRENT_UPDATE, INF)",
        _C.PLAYLISTS,
        "On 409 read the playlist's CollectionStateToken (or the profile's Collection.Token) "
        "again, send the update once more with it; report a second 409.",
        legal="Sending no CollectionStateToken (the update then never conflicts at the "
        "mock); any GET as the re-read. Checked with one injected 409, then a persistent one.",
    ),
    Rule(
        "GC-SIGNOUT-001",
        _MUST,
        "After sign-out the client uses neither the user token nor the refresh token",
        "§3.3 (sign-out: delete cached access and refresh tokens)",
        _C.SIGN_OUT,
        "On sign-out delete the cached access and refresh tokens, then send the browser to "
        "oauth20_logout.srf.",
        ("token-used-after-sign-out", "refresh-after-sign-out"),
        legal="Keeping the app token, which is the app's, not the user's.",
    ),
    Rule(
        "GC-SIGNOUT-002",
        _SHOULD,
        "Sign-out sends the browser to /oauth20_logout.srf with the client_id and the "
        "sign-in's redirect_uri",
        "§3.3 (sign-out)",
        _C.SIGN_OUT,
        "Return {auth}/oauth20_logout.srf?client_id=…&redirect_uri=<the sign-in's> as the "
        "logout URL.",
        ("logout-redirect-uri-missing", "logout-redirect-uri-unregistered"),
        legal="Other parameters of the logout page.",
    ),
)

RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}


def rules_for_signal(signal: str) -> list[Rule]:
    """The rules a violation name recorded by the mock points at."""
    return [rule for rule in RULES if signal in rule.server_signals]
