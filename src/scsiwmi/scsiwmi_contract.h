/* src/scsiwmi/scsiwmi_contract.h - the miniport contracts the SCSI Port WMI library checks, and how it reports a
 * broken one to the host (the port driver or the verifier).
 *
 * The library never stops a request because of a contract violation it can survive: it completes the request with
 * a defined SRB status (documented per rule in docs/scsiwmi-port-contract.md) and reports the rule here, once per
 * occurrence. Each rule is detected in exactly one place of the library.
 *
 * Reporting: the library calls WmiPortScsiWmiContractViolation when the process provides it. The library refers to
 * it as a weak symbol, so a miniport shared object links without it and the host (src/scsiport or src/verifier)
 * supplies the definition at load time; without one, violations are still handled, just not reported.
 */
#ifndef WMIPORT_SCSIWMI_CONTRACT_H_
#define WMIPORT_SCSIWMI_CONTRACT_H_

#include <scsiwmi.h>

EXTERN_C_START

typedef enum _SCSIWMI_RULE {
  /* ScsiPortWmiDispatchFunction got a NULL RequestContext (nothing can be reported back) or NULL WmiLibInfo. */
  ScsiWmiRuleNullArgument = 1,
  /* QueryWmiRegInfo or QueryWmiDataBlock is NULL (both are required). Detail: the minor code. */
  ScsiWmiRuleRequiredCallbackMissing,
  /* A callback returned a non-pending status without calling ScsiPortWmiPostProcess. Detail: the status. */
  ScsiWmiRuleMissingPostProcess,
  /* ScsiPortWmiPostProcess called again for a request already post-processed. Detail: the new status. */
  ScsiWmiRulePostProcessTwice,
  /* ScsiPortWmiPostProcess called from HwScsiWmiQueryReginfo (not allowed). Detail: the status. */
  ScsiWmiRulePostProcessInReginfo,
  /* ScsiPortWmiPostProcess called with SRB_STATUS_PENDING, which is not a result. */
  ScsiWmiRulePostProcessPendingStatus,
  /* Success claims more bytes than the callback was given. Detail: BufferUsed. */
  ScsiWmiRuleBufferUsedTooLarge,
  /* QUERY_ALL_DATA success: the InstanceLengthArray entries (8-aligned) need more than BufferUsed, or the callback
   * succeeded although the instance-length array did not fit. Detail: BufferUsed. */
  ScsiWmiRuleInstanceLengthsInconsistent,
  /* SRB_STATUS_DATA_OVERRUN with a size that fits the buffer it was given: a retry with that size would fail the
   * same way (the DATA_OVERRUN contract, spec §1.2). Detail: the size reported. */
  ScsiWmiRuleOverrunSizeFits,
  /* HwScsiWmiQueryReginfo: GuidList flags other than EVENT_ONLY_GUID, EXPENSIVE, REMOVE_GUID (and the scsiwmi.h
   * CALL_BY_NAME marker); they are stripped. Detail: the GuidList index. */
  ScsiWmiRuleReginfoFlags,
  /* HwScsiWmiQueryReginfo: GuidCount > 0 with a NULL GuidList, or a NULL Guid pointer. Detail: the index. */
  ScsiWmiRuleReginfoGuidList,
  /* HwScsiWmiQueryReginfo: MofResourceName empty or longer than SCSIWMI_MAX_MOF_NAME_CHARS. */
  ScsiWmiRuleReginfoMofName,
  /* The dynamic-name helpers used out of order or with bad arguments (ScsiPortWmiSetInstanceCount twice, an
   * instance index out of range, a SizeNeeded below the reserved arrays, a missing name or data at
   * PostProcess). Detail: the instance index or size involved. */
  ScsiWmiRuleDynamicNameProtocol,
  /* ScsiPortWmiFire*Event with a NULL Guid or EventData, or an EventDataSize that overflows. */
  ScsiWmiRuleEventArguments,
  /* The WNODE fields the library set up were changed by the miniport before ScsiPortWmiPostProcess. */
  ScsiWmiRuleWnodeCorrupted,
  /* The registration describes a block whose QUERY_ALL_DATA header (ALIGN8(60 + 8 * InstanceCount)) cannot be
   * represented in 32 bits. Detail: the GuidList index. */
  ScsiWmiRuleInstanceCountTooLarge,
  /* QUERY_ALL_DATA success with several instances laid end to end: BufferUsed covers the sum of the lengths but
   * not the padding that puts each instance on an 8-byte boundary. Detail: BufferUsed. */
  ScsiWmiRuleInstancesNotAligned,
} SCSIWMI_RULE;

/* The rule's name, e.g. "ScsiWmiRulePostProcessTwice"; "ScsiWmiRuleUnknown" for other values. */
const char* ScsiWmiRuleName(SCSIWMI_RULE Rule);

/* Defined by the host, not by the library (see the file comment). RequestContext is NULL for event rules. */
VOID WmiPortScsiWmiContractViolation(SCSIWMI_RULE Rule, PSCSIWMI_REQUEST_CONTEXT RequestContext, ULONG Detail);

EXTERN_C_END

#endif /* WMIPORT_SCSIWMI_CONTRACT_H_ */
