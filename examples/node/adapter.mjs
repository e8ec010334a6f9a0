// The bridge adapter around the Node client: JSON lines on stdin/stdout (docs/bridge.md).
//
//   groove-contract verify --client-cmd "node examples/node/adapter.mjs"
//   groove-contract verify --client-cmd "node examples/node/adapter.mjs ./broken-client.mjs"
//
// The optional argument is a module (relative to this file) whose default export is the
// client class to drive; by default the GrooveClient of groove-client.mjs. Logs go to stderr:
// stdout carries protocol messages only.

import { createInterface } from "node:readline";
import { GrooveClient, GrooveClientError } from "./groove-client.mjs";

const PROTOCOL = 1;
const CAPABILITIES = [
  "app-token", "user-sign-in", "public-client", "refresh", "sign-out",
  "collection-writes", "playlists", "streaming", "paging",
];
const COLLECTION = "/1/content/music/collection";

const send = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);

// The ids of the items a list answer holds, in every one of its lists.
function ids(body) {
  const found = [];
  for (const value of Object.values(body)) {
    if (value && typeof value === "object" && Array.isArray(value.Items)) {
      for (const item of value.Items) if (item && typeof item.Id === "string") found.push(item.Id);
    }
  }
  return found;
}

function operations(client) {
  const list = async (path, params, step, user) => {
    if (!step.all_pages) return { ids: ids(await client.call("GET", path, { params, user })) };
    const all = [];
    for await (const body of client.pages(path, params, { user })) all.push(...ids(body));
    return { ids: all };
  };
  const inCollection = (step) => String(step.source ?? "").toLowerCase().includes("collection");
  const browse = (source) => (step) => {
    const params = step.max_items !== undefined ? { maxItems: step.max_items } : {};
    const path = `/1/content/music/${source}/${step.type ?? "tracks"}/browse`;
    return list(path, params, step, source === "collection");
  };
  const tracks = (action) => (step) =>
    client.write(`${COLLECTION}/${action}`, () => ({ TrackIds: step.track_ids ?? [] }));
  return {
    get_app_token: async () => (await client.appToken(), {}),
    begin_sign_in: async (step) => ({
      authorize_url: client.authorizeUrl({ offlineAccess: Boolean(step.offline_access) }),
    }),
    finish_sign_in: async (step) => (await client.finishSignIn(step.callback_url), {}),
    sign_out: async () => ({ logout_url: client.signOut() }),
    search: (step) => {
      const params = { q: step.query ?? "", filters: step.filters, maxItems: step.max_items, source: step.source };
      return list("/1/content/music/search", params, step, inCollection(step));
    },
    lookup: (step) => {
      const params = { source: step.source, extras: step.extras?.join("+") };
      return list(`/1/content/${(step.ids ?? []).join("+")}/lookup`, params, step, inCollection(step));
    },
    browse_catalog: browse("catalog"),
    browse_collection: browse("collection"),
    collection_add: tracks("add"),
    collection_delete: tracks("delete"),
    playlist_create: async (step) => {
      const body = {
        Name: step.name ?? "groove-contract",
        TrackActions: (step.track_ids ?? []).map((id) => ({ Id: id, Action: "Add" })),
      };
      const result = await client.call("POST", `${COLLECTION}/playlists/create`, { json: body, user: true });
      return { playlist_id: result?.PlaylistActionResult?.Id ?? null };
    },
    playlist_update: (step) => {
      const TrackActions = (step.track_ids ?? []).map((id) => ({ Id: id, Action: "Add" }));
      const body = (state) => ({
        Id: step.playlist_id ?? "",
        TrackActions,
        ...(state === null ? {} : { CollectionStateToken: state }),
      });
      return client.write(`${COLLECTION}/playlists/update`, body, { withState: true });
    },
    playlist_delete: (step) =>
      client.call("POST", `${COLLECTION}/playlists/delete`, { json: { Id: step.playlist_id ?? "" }, user: true }),
    profile: () => client.call("GET", "/1/user/music/profile", { user: true }),
    preview: async (step) => ({
      url: (await client.call("GET", `/1/content/${step.track_id}/preview`, {
        params: { clientInstanceId: client.instanceId },
      })).Url,
    }),
    stream: async (step) => ({
      url: (await client.call("GET", `/1/content/${step.track_id}/stream`, {
        params: { clientInstanceId: client.instanceId }, user: true,
      })).Url,
    }),
  };
}

async function perform(ops, step) {
  const op = ops[step.op];
  if (op === undefined) return { ok: false, detail: `unsupported op ${step.op}` };
  try {
    return { ok: true, data: (await op(step)) ?? {} };
  } catch (error) {
    if (error instanceof GrooveClientError) {
      return { ok: false, status: error.status, error_code: error.code, detail: error.message };
    }
    return { ok: false, detail: `${error?.name}: ${error?.message}` };
  }
}

const clientModule = process.argv[2];
const Client = clientModule
  ? (await import(new URL(clientModule, import.meta.url))).default
  : GrooveClient;

let ops = null;
let queue = Promise.resolve(); // steps run one after the other, in the order asked
const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  if (!line.trim()) return;
  const message = JSON.parse(line);
  if (message.type === "hello") {
    const env = message.environment;
    const client = new Client({
      authUrl: env.auth_url,
      apiUrl: env.api_url,
      clientId: env.client_id,
      clientSecret: env.client_secret,
      redirectUri: env.redirect_uri,
    });
    ops = operations(client);
    send({ type: "hello", protocol: PROTOCOL, capabilities: CAPABILITIES, client: `node ${process.version}` });
  } else if (message.type === "step") {
    queue = queue.then(async () => {
      send({ type: "outcome", id: message.id, outcome: await perform(ops, message.step) });
    });
  } else if (message.type === "close") {
    queue.then(() => process.exit(0));
  }
});
lines.on("close", () => queue.then(() => process.exit(0)));
