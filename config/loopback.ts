/** Whether an address reaches only this machine: what a server may serve without authentication, or a caller is local. */
import { isIP } from 'node:net';

/** Whether `host` (a name, an IPv4 or IPv6 address, bracketed or not, IPv4-mapped or not) reaches only this machine. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  const bare = host.replace(/^\[|\]$/g, '').replace(/^::ffff:/i, '');
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1';
}
