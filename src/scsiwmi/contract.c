/* src/scsiwmi/contract.c - reporting broken miniport contracts to the host (see scsiwmi_contract.h). */
#include "scsiwmi_internal.h"

/* A weak reference: resolves to the host's definition when the process has one (the port driver or the verifier
 * exports it, or a test defines it), and to NULL otherwise. A miniport .so therefore links without it. */
#pragma weak WmiPortScsiWmiContractViolation

void scsiwmi_report(SCSIWMI_RULE rule, PSCSIWMI_REQUEST_CONTEXT ctx, ULONG detail) {
  if (WmiPortScsiWmiContractViolation != NULL) {
    WmiPortScsiWmiContractViolation(rule, ctx, detail);
  }
}

const char* ScsiWmiRuleName(SCSIWMI_RULE Rule) {
  switch (Rule) {
    case ScsiWmiRuleNullArgument:
      return "ScsiWmiRuleNullArgument";
    case ScsiWmiRuleRequiredCallbackMissing:
      return "ScsiWmiRuleRequiredCallbackMissing";
    case ScsiWmiRuleMissingPostProcess:
      return "ScsiWmiRuleMissingPostProcess";
    case ScsiWmiRulePostProcessTwice:
      return "ScsiWmiRulePostProcessTwice";
    case ScsiWmiRulePostProcessInReginfo:
      return "ScsiWmiRulePostProcessInReginfo";
    case ScsiWmiRulePostProcessPendingStatus:
      return "ScsiWmiRulePostProcessPendingStatus";
    case ScsiWmiRuleBufferUsedTooLarge:
      return "ScsiWmiRuleBufferUsedTooLarge";
    case ScsiWmiRuleInstanceLengthsInconsistent:
      return "ScsiWmiRuleInstanceLengthsInconsistent";
    case ScsiWmiRuleOverrunSizeFits:
      return "ScsiWmiRuleOverrunSizeFits";
    case ScsiWmiRuleReginfoFlags:
      return "ScsiWmiRuleReginfoFlags";
    case ScsiWmiRuleReginfoGuidList:
      return "ScsiWmiRuleReginfoGuidList";
    case ScsiWmiRuleReginfoMofName:
      return "ScsiWmiRuleReginfoMofName";
    case ScsiWmiRuleDynamicNameProtocol:
      return "ScsiWmiRuleDynamicNameProtocol";
    case ScsiWmiRuleEventArguments:
      return "ScsiWmiRuleEventArguments";
    case ScsiWmiRuleWnodeCorrupted:
      return "ScsiWmiRuleWnodeCorrupted";
    case ScsiWmiRuleInstanceCountTooLarge:
      return "ScsiWmiRuleInstanceCountTooLarge";
    case ScsiWmiRuleInstancesNotAligned:
      return "ScsiWmiRuleInstancesNotAligned";
  }
  return "ScsiWmiRuleUnknown";
}
