// Preload (`node --import ./tests/no-network.mjs …`): any socket connection or DNS look-up throws,
// and is recorded in $ADM_NETWORK_LOG so a test can fail even if the program swallowed the error.
import { appendFileSync } from 'node:fs';
import dns from 'node:dns';
import net from 'node:net';
import tls from 'node:tls';
import http from 'node:http';
import https from 'node:https';

const log = process.env.ADM_NETWORK_LOG;
const refuse = (what) =>
  function refused() {
    if (log) appendFileSync(log, `${what}\n`);
    throw new Error(`network access refused in tests: ${what}`);
  };
net.Socket.prototype.connect = refuse('net.Socket.connect');
net.connect = net.createConnection = refuse('net.connect');
tls.connect = refuse('tls.connect');
http.request = http.get = refuse('http.request');
https.request = https.get = refuse('https.request');
for (const fn of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'lookupService']) {
  dns[fn] = refuse(`dns.${fn}`);
  if (dns.promises[fn]) dns.promises[fn] = refuse(`dns.promises.${fn}`);
}
globalThis.fetch = refuse('fetch');
