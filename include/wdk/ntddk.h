/* wmiport WDK-compatible headers: ntddk.h
 *
 * The NT driver development kit header: everything of wdm.h plus the few additional kernel interfaces non-WDM
 * kernel drivers use. It is the WDM world's header; SCSI miniports include miniport.h/srb.h instead, and the two
 * worlds are not meant to be mixed in one translation unit (as in the WDK).
 */
#ifndef WMIPORT_WDK_NTDDK_H_
#define WMIPORT_WDK_NTDDK_H_

#ifndef _NTDDK_
#define _NTDDK_
#endif

#include "wdm.h"

EXTERN_C_START

/* Device properties a driver can read from its PDO. */
typedef enum {
  DevicePropertyDeviceDescription = 0x0,
  DevicePropertyHardwareID = 0x1,
  DevicePropertyCompatibleIDs = 0x2,
  DevicePropertyBootConfiguration = 0x3,
  DevicePropertyBootConfigurationTranslated = 0x4,
  DevicePropertyClassName = 0x5,
  DevicePropertyClassGuid = 0x6,
  DevicePropertyDriverKeyName = 0x7,
  DevicePropertyManufacturer = 0x8,
  DevicePropertyFriendlyName = 0x9,
  DevicePropertyLocationInformation = 0xa,
  DevicePropertyPhysicalDeviceObjectName = 0xb,
  DevicePropertyBusTypeGuid = 0xc,
  DevicePropertyLegacyBusType = 0xd,
  DevicePropertyBusNumber = 0xe,
  DevicePropertyEnumeratorName = 0xf,
  DevicePropertyAddress = 0x10,
  DevicePropertyUINumber = 0x11,
  DevicePropertyInstallState = 0x12,
  DevicePropertyRemovalPolicy = 0x13,
  DevicePropertyResourceRequirements = 0x14,
  DevicePropertyAllocatedResources = 0x15,
  DevicePropertyContainerID = 0x16
} DEVICE_REGISTRY_PROPERTY;

/* The top of the device stack DeviceObject belongs to, without taking a reference (IoGetAttachedDeviceReference
 * takes one). */
NTKERNELAPI PDEVICE_OBJECT IoGetAttachedDevice(PDEVICE_OBJECT DeviceObject);

NTKERNELAPI NTSTATUS IoGetDeviceProperty(PDEVICE_OBJECT DeviceObject, DEVICE_REGISTRY_PROPERTY DeviceProperty,
                                         ULONG BufferLength, PVOID PropertyBuffer, PULONG ResultLength);

EXTERN_C_END

#endif /* WMIPORT_WDK_NTDDK_H_ */
