// The WebSocket to the server, as docs/protocol.md describes it (the same protocol as the Qt client):
// hello -> welcome -> snapshot (or, resumed, the missed deltas) -> batches; reconnect with backoff
// 0.5 s .. 5 s and `resume_from` the last applied seq; commands with an id get their result or error.
import type { Hello, ServerMessage, Welcome } from "./protocol.gen";
import type { WallStore } from "./store";

export type ConnectionState = "connecting" | "open" | "lost" | "refused";

interface Pending {
  resolve: (data: unknown) => void;
  reject: (error: Error) => void;
}

export class CommandError extends Error {
  constructor(public code: string, message: string) {
    super(message);
  }
}

const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 5000;
const PING_EVERY_MS = 20000;

export class Connection {
  state: ConnectionState = "connecting";
  welcome: Welcome | null = null;
  refusal: { code: string; message: string } | null = null;
  private ws: WebSocket | null = null;
  private backoff = MIN_BACKOFF_MS;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private retryTimer: number | undefined;
  private pingTimer: number | undefined;
  private stopped = false;
  private listeners = new Set<(state: ConnectionState) => void>();
  lostSince: number | null = null;

  constructor(private store: WallStore, private url = Connection.defaultUrl()) {}

  static defaultUrl(): string {
    return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`;
  }

  onState(handler: (state: ConnectionState) => void): void {
    this.listeners.add(handler);
  }

  private setState(state: ConnectionState): void {
    if (state === "lost" && this.lostSince === null) this.lostSince = Date.now();
    if (state === "open") this.lostSince = null;
    this.state = state;
    for (const handler of this.listeners) handler(state);
  }

  start(): void {
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.retryTimer);
    window.clearInterval(this.pingTimer);
    this.ws?.close(1000);
  }

  private open(): void {
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => {
      // No token: the session cookie authenticated the handshake (web/src/auth.ts).
      const hello: Hello = { type: "hello", client: "web" };
      if (this.store.wall) hello.wall = this.store.wall;
      if (this.store.seq !== null) hello.resume_from = this.store.seq;
      ws.send(JSON.stringify(hello));
    };
    ws.onmessage = (event) => this.receive(JSON.parse(String(event.data)) as ServerMessage);
    ws.onclose = (event) => this.closed(ws, event.code, event.reason);
    ws.onerror = () => {
      // onclose follows with the code
    };
  }

  private receive(message: ServerMessage): void {
    switch (message.type) {
      case "welcome":
        this.welcome = message;
        this.backoff = MIN_BACKOFF_MS;
        if (message.resumed) this.setState("open"); // else wait for the snapshot
        window.clearInterval(this.pingTimer);
        this.pingTimer = window.setInterval(() => this.send({ type: "ping" }), PING_EVERY_MS);
        break;
      case "snapshot":
        this.store.applySnapshot(message);
        this.setState("open");
        break;
      case "batch":
        this.store.applyBatch(message);
        break;
      case "result": {
        const pending = typeof message.id === "number" ? this.pending.get(message.id) : undefined;
        if (pending) {
          this.pending.delete(message.id as number);
          pending.resolve(message.data ?? {});
        }
        break;
      }
      case "error": {
        const pending = typeof message.id === "number" ? this.pending.get(message.id) : undefined;
        if (pending) {
          this.pending.delete(message.id as number);
          pending.reject(new CommandError(message.code, message.message));
        } else if (["unauthenticated", "not_found", "forbidden"].includes(message.code)) {
          this.refusal = { code: message.code, message: message.message };
        } else {
          console.warn("server error", message.code, message.message);
        }
        break;
      }
      case "pong":
        break;
    }
  }

  private closed(ws: WebSocket, code: number, reason: string): void {
    if (ws !== this.ws) return;
    window.clearInterval(this.pingTimer);
    for (const pending of this.pending.values()) pending.reject(new CommandError("lost", "connection lost"));
    this.pending.clear();
    if (this.stopped) return;
    // 4401 unauthenticated, 4403 forbidden, 4404 no such wall: retrying would not help until the person acts.
    if (code === 4401 || code === 4403 || code === 4404) {
      this.refusal ??= { code: String(code), message: reason };
      this.setState("refused");
      return;
    }
    this.setState("lost");
    const delay = this.backoff * (0.8 + Math.random() * 0.4);
    this.backoff = Math.min(MAX_BACKOFF_MS, this.backoff * 2);
    this.retryTimer = window.setTimeout(() => {
      this.setState(this.state === "lost" ? "lost" : "connecting");
      this.open();
    }, delay);
  }

  private send(message: object): boolean {
    if (this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(message));
    return true;
  }

  /** A command with an id; resolves with the result's data, rejects with the server's error. */
  command<T = Record<string, unknown>>(message: { type: string; [k: string]: unknown }): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      if (!this.send({ ...message, id })) {
        reject(new CommandError("lost", "not connected"));
        return;
      }
      this.pending.set(id, { resolve: resolve as (data: unknown) => void, reject });
    });
  }
}
