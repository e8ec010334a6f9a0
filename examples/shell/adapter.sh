#!/usr/bin/env bash
# A Groove client and its bridge adapter in bash, with curl and jq (docs/bridge.md): the
# protocol needs nothing but lines of JSON on stdin and stdout. An app-token client only:
# client credentials, one token reused until it expires, exactly one Authorization header per
# call, one renewal and retry on a token error, Retry-After honoured (at most 3 retries, never
# a wait over 30 s), other errors not retried.
#
#   groove-contract verify --client-cmd "bash examples/shell/adapter.sh"
set -u

token="" expires_at=0
work=$(mktemp -d) && trap 'rm -rf "$work"' EXIT

send() { printf '%s\n' "$1"; }
fail() { outcome=$(jq -cn --argjson s "${1:-null}" --arg c "${2:-}" --arg d "$3" \
  '{ok: false, status: $s, error_code: (if $c == "" then null else $c end), detail: $d}'); }

# POST the client credentials as a form; the secret URL-encoded by curl.
fetch_token() {
  local status
  status=$(curl -sS -o "$work/token" -w '%{http_code}' -X POST "$auth_url/accesstoken.srf" \
    -H 'Accept: application/json' --data-urlencode grant_type=client_credentials \
    --data-urlencode "client_id=$client_id" --data-urlencode "client_secret=$client_secret" \
    --data-urlencode scope=app.music.xboxlive.com) || return 1
  [ "$status" = 200 ] || { echo "token request: $status" >&2; return 1; }
  token=$(jq -r .access_token "$work/token")
  expires_at=$(( $(date +%s) + $(jq -r '.expires_in // 3600' "$work/token") - 60 ))
}

app_token() { [ -n "$token" ] && [ "$(date +%s)" -lt "$expires_at" ] || fetch_token; }

# Seconds to wait after a 429/503: Retry-After as delay-seconds or an HTTP-date (RFC 9110
# §10.2.3), else 2^attempt.
retry_after() {
  local value when
  value=$(tr -d '\r' < "$work/headers" | sed -n 's/^[Rr]etry-[Aa]fter: *\(.*\)$/\1/p')
  if [[ "$value" =~ ^[0-9]+$ ]]; then echo "$value"
  elif [ -n "$value" ] && when=$(date -d "$value" +%s 2>/dev/null); then
    echo $(( when > $(date +%s) ? when - $(date +%s) : 0 ))
  else echo $(( 1 << $1 )); fi
}

# GET path?query with the app token: sets $status and leaves the body in $work/body.
call() {
  local renewed=0 throttled=0 wait code
  while :; do
    app_token || { status=""; return 1; }
    status=$(curl -sS -o "$work/body" -D "$work/headers" -w '%{http_code}' \
      -H 'Accept: application/json' -H "Authorization: Bearer $token" "$api_url$1") || return 1
    code=$(jq -r '.Error.ErrorCode? // empty' "$work/body" 2>/dev/null)
    case "$status:$code" in
      401:ACCESS_TOKEN_EXPIRED|401:AUTHORIZATION_TOKEN_EXPIRED|401:INVALID_AUTHORIZATION_HEADER)
        token=""
        [ "$renewed" = 0 ] && { renewed=1; continue; } ;;
      429:*|503:*)
        wait=$(retry_after "$throttled")
        if [ "$throttled" -lt 3 ] && [ "$wait" -le 30 ]; then
          throttled=$((throttled + 1)); sleep "$wait"; continue
        fi ;;
    esac
    [ "$status" -lt 400 ]; return
  done
}

ids() { jq -c '[.[] | objects | .Items? // empty | .[] | .Id]' "$work/body"; }

# One step (JSON) -> $outcome (JSON). Not in a $(subshell): the token must outlive the step.
perform() {
  local step=$1 op query
  op=$(jq -r .op <<<"$step")
  case "$op" in
    get_app_token) if app_token; then outcome='{"ok": true}'; else fail "" "" "no app token"; fi
      return ;;
    lookup) query="/1/content/$(jq -r '.ids | join("+")' <<<"$step")/lookup" ;;
    search) query="/1/content/music/search?$(jq -r '[["q", .query // ""], (if .max_items then ["maxItems", .max_items] else empty end)]
      | map("\(.[0])=\(.[1] | tostring | @uri)") | join("&")' <<<"$step")" ;;
    browse_catalog) query="/1/content/music/catalog/$(jq -r '.type // "tracks"' <<<"$step")/browse" ;;
    *) fail "" "" "unsupported op $op"; return ;;
  esac
  if call "$query"; then
    outcome=$(jq -cn --argjson ids "$(ids)" '{ok: true, data: {ids: $ids}}')
  else
    fail "${status:-null}" "$(jq -r '.Error.ErrorCode? // empty' "$work/body" 2>/dev/null)" "GET $query: $status"
  fi
}

while IFS= read -r line; do
  case "$(jq -r .type <<<"$line")" in
    hello)
      for name in auth_url api_url client_id client_secret; do
        printf -v "$name" '%s' "$(jq -r ".environment.$name // empty" <<<"$line")"
      done
      send '{"type": "hello", "protocol": 1, "capabilities": ["app-token"], "client": "bash + curl"}' ;;
    step)
      perform "$(jq -c .step <<<"$line")"
      send "$(jq -c --argjson outcome "$outcome" '{type: "outcome", id: .id, outcome: $outcome}' <<<"$line")" ;;
    close) exit 0 ;;
  esac
done
