// The loader that feeds mpegts.js from the relay's WebSocket (WS /media/CAMERA/STREAM.ws, binary messages of
// MPEG-TS). Our own rather than mpegts.js's: its WebSocket loader, aborted while still connecting (a tile that
// scrolls out of view, a monitor switch), gets the socket's error event after the player is destroyed and
// throws it out of the event handler (seen as uncaught page errors). Here an aborted socket is detached first:
// none of its events reach a player that is gone.
import type Mpegts from "mpegts.js";

type MpegtsModule = typeof Mpegts;

export function socketLoader(mpegts: MpegtsModule): Mpegts.CustomLoaderConstructor {
  const { kConnecting, kBuffering, kError, kComplete } = mpegts.LoaderStatus;
  const Base = mpegts.BaseLoader as unknown as new (typeName: string) => Mpegts.BaseLoader;

  class SocketLoader extends Base {
    private socket: WebSocket | null = null;
    private received = 0;

    constructor() {
      super("iocwall-socket-loader");
      this._needStash = false; // live video: every message goes to the demuxer at once
    }

    static isSupported(): boolean {
      return typeof WebSocket !== "undefined";
    }

    open(source: Mpegts.MediaSegment): void {
      const socket = new WebSocket(source.url);
      socket.binaryType = "arraybuffer";
      this.socket = socket;
      this.received = 0;
      this._status = kConnecting;
      socket.onopen = () => {
        this._status = kBuffering;
      };
      socket.onmessage = (event: MessageEvent) => {
        if (!(event.data instanceof ArrayBuffer)) return; // the relay sends video only as binary messages
        const start = this.received;
        this.received += event.data.byteLength;
        this.onDataArrival?.(event.data, start, this.received);
      };
      socket.onerror = () => {
        this._status = kError;
        this.onError?.(mpegts.LoaderErrors.EXCEPTION as unknown as Mpegts.LoaderErrors,
                       { code: -1, msg: "the video socket failed" });
      };
      socket.onclose = () => {
        // The relay ended the stream (camera removed, session ended, server restarting): the player retries.
        if (this._status === kError) return;
        this._status = kComplete;
        this.onComplete?.(0, this.received - 1);
      };
    }

    abort(): void {
      const socket = this.socket;
      this.socket = null;
      if (socket) {
        socket.onopen = socket.onmessage = socket.onerror = socket.onclose = null;
        if (socket.readyState === WebSocket.CONNECTING || socket.readyState === WebSocket.OPEN) socket.close();
      }
      this._status = kComplete;
    }

    destroy(): void {
      this.abort();
      super.destroy();
    }
  }

  return SocketLoader as unknown as Mpegts.CustomLoaderConstructor;
}
