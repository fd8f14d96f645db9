/**
 * The argument of SPEC §2 instantiated for one double: whether its facts make conditions A
 * (reachable entry point), B (attacker-controlled identifier) and C (missing production check) fail.
 * Plain sentences for hovers, the panel and replies; no markup.
 */
import type { Facts } from '../model/types';

/** One line: why this double is (or may be) an attack surface, from its facts alone. */
export function argumentLine(facts: Facts): string {
  if (facts.reachableFromProduction === true) return 'Production code imports it: it is reachable outside the tests (FL205), so the usual argument does not hold.';
  if (facts.transport === 'network') return 'It is reachable from the network while the test runs (condition A holds): see FL202/FL204.';
  if (facts.authz === 'bypassed') return 'Authorization is patched out while it is active: a test that relies on it proves nothing about access control (FL206).';
  const a =
    facts.transport === 'in-process' || facts.transport === 'none'
      ? 'no request leaves the test process'
      : facts.transport === 'loopback'
        ? 'it listens on loopback only'
        : null;
  const b = facts.authn === 'simulated' || facts.authn === 'bypassed' ? 'the identity is chosen by the test itself' : facts.data === 'fake' ? 'it holds fake data' : null;
  const c = facts.authz === 'enforced' ? 'the real policy decides access' : null;
  const parts = [a && `A fails: ${a}`, b && `B fails: ${b}`, c && `C is tested: ${c}`].filter(Boolean);
  if (parts.length === 0) return 'Its facts are unknown, so whether a security claim applies stays open.';
  const production = facts.reachableFromProduction === false ? '; no production module imports it' : '';
  return `Not an attack surface by itself: ${parts.join('; ')}${production}.`;
}
