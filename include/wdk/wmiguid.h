/* wmiport WDK-compatible headers: wmiguid.h
 *
 * GUIDs of the data blocks the WMI core itself provides (the MSWmi_* classes of wmicore.mof). Like any GUID header
 * these are DEFINE_GUID lines: include <initguid.h> first in the one source file that should define them.
 * The brace-initializer macros (...Guid) can initialise a GUID object anywhere.
 */
#ifndef WMIPORT_WDK_WMIGUID_H_
#define WMIPORT_WDK_WMIGUID_H_

#include "guiddef.h"

/* The binary MOF data block a provider returns for its MOF resource (MSWmi_MofData). */
#define MSWmi_MofDataGuid                            \
  {                                                  \
    0x05901221, 0xd566, 0x11d1, {                    \
      0xb2, 0xf0, 0x00, 0xa0, 0xc9, 0x06, 0x29, 0x10 \
    }                                                \
  }
#define BINARY_MOF_GUID MSWmi_MofDataGuid
/* Provider information for a WMI data provider (MSWmi_ProviderInfo). */
#define MSWmi_ProviderInfoGuid                       \
  {                                                  \
    0xc7bf35d0, 0xaadb, 0x11d1, {                    \
      0xbf, 0x4a, 0x00, 0xa0, 0xc9, 0x06, 0x29, 0x10 \
    }                                                \
  }
/* The PnP device id of the device behind each instance (MSWmi_PnPDeviceId). */
#define MSWmi_PnPDeviceIdGuid                        \
  {                                                  \
    0xc7bf35d2, 0xaadb, 0x11d1, {                    \
      0xbf, 0x4a, 0x00, 0xa0, 0xc9, 0x06, 0x29, 0x10 \
    }                                                \
  }
#define DATA_PROVIDER_PNPID_GUID MSWmi_PnPDeviceIdGuid
/* The instance names of the device's blocks (MSWmi_PnPInstanceNames). */
#define MSWmi_PnPInstanceNamesGuid                   \
  {                                                  \
    0xc7bf35d3, 0xaadb, 0x11d1, {                    \
      0xbf, 0x4a, 0x00, 0xa0, 0xc9, 0x06, 0x29, 0x10 \
    }                                                \
  }
#define DATA_PROVIDER_PNPID_INSTANCE_NAMES_GUID MSWmi_PnPInstanceNamesGuid
/* Registration information of a GUID (MSWmi_GuidRegistrationInfo). */
#define MSWmi_GuidRegistrationInfoGuid               \
  {                                                  \
    0xb48d49a1, 0xe777, 0x11d0, {                    \
      0xa5, 0x0c, 0x00, 0xa0, 0xc9, 0x06, 0x29, 0x10 \
    }                                                \
  }

DEFINE_GUID(MSWmi_MofData_GUID, 0x05901221, 0xd566, 0x11d1, 0xb2, 0xf0, 0x00, 0xa0, 0xc9, 0x06, 0x29, 0x10);
DEFINE_GUID(MSWmi_ProviderInfo_GUID, 0xc7bf35d0, 0xaadb, 0x11d1, 0xbf, 0x4a, 0x00, 0xa0, 0xc9, 0x06, 0x29, 0x10);
DEFINE_GUID(MSWmi_PnPDeviceId_GUID, 0xc7bf35d2, 0xaadb, 0x11d1, 0xbf, 0x4a, 0x00, 0xa0, 0xc9, 0x06, 0x29, 0x10);
DEFINE_GUID(MSWmi_PnPInstanceNames_GUID, 0xc7bf35d3, 0xaadb, 0x11d1, 0xbf, 0x4a, 0x00, 0xa0, 0xc9, 0x06, 0x29, 0x10);
DEFINE_GUID(MSWmi_GuidRegistrationInfo_GUID, 0xb48d49a1, 0xe777, 0x11d0, 0xa5, 0x0c, 0x00, 0xa0, 0xc9, 0x06, 0x29,
            0x10);

#endif /* WMIPORT_WDK_WMIGUID_H_ */
