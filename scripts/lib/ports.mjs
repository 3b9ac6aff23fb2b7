// Ports: finding free ones for test stacks, and refusing to start on a taken one with a message
// that says who holds it and how to move.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { findPortHolder } from './procfs.mjs';

// SeaweedFS puts each server's gRPC port at its HTTP port + 10000.
export const GRPC_OFFSET = 10000;

function canBind(port, host = '127.0.0.1') {
  return new Promise((res) => {
    const server = createServer();
    server.once('error', () => res(false));
    server.listen(port, host, () => server.close(() => res(true)));
  });
}

const LOWEST = 10000;

/**
 * Where the kernel's ports for outgoing connections start: a port picked at or above it can be
 * taken by some client socket between our check and the server's bind ("address already in use").
 */
function ephemeralStart() {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32768;
  } catch {
    return 32768;
  }
}

/** A free port below the ephemeral range; with `grpcOffset`, one whose SeaweedFS gRPC twin (port + 10000) is free too. */
export async function freePort({ grpcOffset = false } = {}) {
  const below = ephemeralStart() - (grpcOffset ? GRPC_OFFSET : 0);
  // A kernel configured with a low ephemeral range leaves no room below it: take any high port then.
  const [low, span] = below - LOWEST >= 2000 ? [LOWEST, below - LOWEST] : [20000, 25000];
  for (let i = 0; i < 200; i++) {
    const port = low + Math.floor(Math.random() * span);
    if ((await canBind(port)) && (!grpcOffset || (await canBind(port + GRPC_OFFSET)))) return port;
  }
  throw new Error('no free port found');
}

/** Throws for the first taken port of `ports` ({ port, what, setting }), naming its holder and the setting that moves it. */
export async function assertPortsFree(ports) {
  for (const { port, what, setting } of ports) {
    if (await canBind(port)) continue;
    let holder = findPortHolder(port);
    // No process holds it: a socket of a process just stopped (a leftover) may still be closing.
    let free = false;
    for (let i = 0; !holder && !free && i < 30; i++) {
      await new Promise((res) => setTimeout(res, 100));
      free = await canBind(port);
      if (!free) holder = findPortHolder(port);
    }
    if (free) continue;
    const by = holder ? `process ${holder.pid} (${holder.argv.join(' ').slice(0, 120)})` : 'another program';
    const stop = holder ? `stop it (kill ${holder.pid})` : `stop whatever holds it (ss -ltnp 'sport = :${port}' shows it)`;
    throw new Error(`port ${port} (${what}) is already in use by ${by}: ${stop}, or choose another with ${setting}`);
  }
}
