/** The rule catalogue, in code order. Explicit on purpose: no discovery, no hidden rules. */
import { fl101InProcessClient } from './fl101-in-process-client';
import { fl102FakeService } from './fl102-fake-service';
import { fl103SimulatedAuthentication } from './fl103-simulated-authentication';
import { fl104EnforcedPolicy } from './fl104-enforced-policy';
import { fl105PlaceholderCredential } from './fl105-placeholder-credential';
import { fl201RealLookingSecret } from './fl201-real-looking-secret';
import { fl202RealNetworkHost } from './fl202-real-network-host';
import { fl203TlsVerificationDisabled } from './fl203-tls-verification-disabled';
import { fl204BindAllInterfaces } from './fl204-bind-all-interfaces';
import { fl205ProductionImportsTestCode } from './fl205-production-imports-test-code';
import { fl206VacuousAuthorizationTest } from './fl206-vacuous-authorization-test';
import { fl207SharedTmpPath } from './fl207-shared-tmp-path';
import { fl208UntrustedDeserialization } from './fl208-untrusted-deserialization';
import type { Rule } from './rule';

export const RULES: readonly Rule[] = [
  fl101InProcessClient,
  fl102FakeService,
  fl103SimulatedAuthentication,
  fl104EnforcedPolicy,
  fl105PlaceholderCredential,
  fl201RealLookingSecret,
  fl202RealNetworkHost,
  fl203TlsVerificationDisabled,
  fl204BindAllInterfaces,
  fl205ProductionImportsTestCode,
  fl206VacuousAuthorizationTest,
  fl207SharedTmpPath,
  fl208UntrustedDeserialization,
];

export function findRule(id: string): Rule | undefined {
  return RULES.find((rule) => rule.id === id);
}
