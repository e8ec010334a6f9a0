// The classic bug of GiancarloLelli's groovesdk, in Node: the Authorization header lives in
// one Headers object shared by every call and is *appended* at each new token (C#'s
// DefaultRequestHeaders.Add), so after a renewal each call carries two values
// ("Bearer old, Bearer new"). The suite fails it with GC-CRED-001, and nothing else.

import { GrooveClient } from "./groove-client.mjs";

export default class SharedHeadersClient extends GrooveClient {
  constructor(options) {
    super(options);
    this.headers = new Headers({ Accept: "application/json" });
    this.lastToken = null;
  }

  async send(method, url, token, json) {
    if (token !== this.lastToken) {
      this.headers.append("Authorization", `Bearer ${token}`); // the bug: append, not set
      this.lastToken = token;
    }
    const init = { method, headers: new Headers(this.headers) };
    if (json !== undefined) {
      init.headers.set("Content-Type", "application/json");
      init.body = JSON.stringify(json);
    }
    return fetch(url, init);
  }
}
