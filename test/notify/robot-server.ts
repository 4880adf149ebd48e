import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake robot received. */
export interface RobotRequest {
  method: string;
  /** Path and query, e.g. `/robot/send?access_token=t&timestamp=…&sign=…`. */
  url: string;
  contentType: string | undefined;
  body: unknown;
}

/** What the fake robot answers to one request; status 0 never answers (a hung peer). */
export interface RobotReply {
  status: number;
  body: string;
}

/** A reply that never comes: the request hangs until the client gives up. */
export const HANG: RobotReply = { status: 0, body: '' };

/** The reply of a robot that delivered the message. */
export const OK_REPLY: RobotReply = { status: 200, body: JSON.stringify({ errcode: 0, errmsg: 'ok' }) };

/** A running fake robot. */
export interface RobotServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  requests: RobotRequest[];
  /** Replies for the next requests, in order. */
  script(...replies: RobotReply[]): void;
  fallback: RobotReply;
  close(): Promise<void>;
}

/**
 * Starts a stand-in for a DingTalk / WeCom group robot on 127.0.0.1 (random port):
 * it records every request and answers from a script, then with `fallback`.
 */
export async function startRobotServer(): Promise<RobotServer> {
  const queue: RobotReply[] = [];
  const requests: RobotRequest[] = [];
  const robot: Omit<RobotServer, 'url'> = {
    requests,
    script: (...replies) => void queue.push(...replies),
    fallback: OK_REPLY,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // keep the raw text
      }
      requests.push({ method: req.method ?? '', url: req.url ?? '', contentType: req.headers['content-type'], body });
      const reply = queue.shift() ?? robot.fallback;
      if (reply.status === 0) return;
      res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return Object.assign(robot, { url: `http://127.0.0.1:${port}` });
}
