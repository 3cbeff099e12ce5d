// The WMI checks: what a driver MOF must satisfy beyond MOF syntax for the WDM provider to lay its blocks out
// (spec mof-and-layout §1.5 end, §2; the exact `mofcomp -WMI` rules are UNCONFIRMED, these are wmiport's).
//
// They work on a Schema, so they apply to a text MOF (compile_* calls them) and to a decoded binary MOF alike. Only
// WMI classes (qualifier WMI) are judged; amendment classes never are. Rule ids, each in Diagnostic::rule:
//
//   wmi-guid-missing        error    a WMI class has no guid qualifier
//   wmi-guid-invalid        error    its guid is not a GUID
//   wmi-guid-duplicate      warning  two classes register the same GUID
//   wmi-instancename        warning  a data/event block lacks `[key] string InstanceName`
//   wmi-active              warning  a data/event block lacks `boolean Active`
//   wmi-dataid-invalid      error    WmiDataId is not an integer from 1 to 2^32-1
//   wmi-dataid-duplicate    error    two items of a block share a WmiDataId
//   wmi-dataid-contiguous   error    the WmiDataIds of a block do not run 1, 2, 3... without a gap
//   wmi-dataid-missing      warning  a property (not InstanceName/Active) has no WmiDataId: it is not in the block
//   wmi-sizeis-target       error    WmiSizeIs names no earlier item of the same class / parameter direction
//   wmi-sizeis-type         error    WmiSizeIs names an item that is not a single integer
//   wmi-sizeis-not-array    warning  WmiSizeIs on an item that is not an array
//   wmi-array-size          error    a fixed array size (x[N] or MAX(N)) is 0, too large, malformed or inconsistent
//   wmi-array-unsized       error    an array item has neither a fixed size nor WmiSizeIs
//   wmi-array-size-conflict warning  an array has both a fixed size and WmiSizeIs
//   wmi-max-not-array       warning  MAX on an item that is not an array
//   wmi-embedded-unknown    error    an embedded class type is not declared
//   wmi-embedded-untyped    error    a block item is a bare `object` (its layout is unknown)
//   wmi-embedded-not-wmi    warning  an embedded class is not a WMI class
//   wmi-embedded-cycle      error    a class embeds itself, directly or through others
//   wmi-reference-item      warning  a block item is a reference, which has no data-block encoding
//   wmi-methodid-missing    error    a method of a WMI class has no WmiMethodId
//   wmi-methodid-invalid    error    WmiMethodId is not an integer from 0 to 2^32-1
//   wmi-methodid-duplicate  error    two methods of a class share a WmiMethodId
//   wmi-param-direction     error    a parameter is neither [in] nor [out]
//   wmi-param-id-duplicate  error    two parameters of a method share an ID
//   mof-superclass-cycle    error    a class derives from itself
//
// WmiDataIds are counted over the class together with its WMI superclasses (spec §8.5 is open; see
// docs/decisions.md): the superclass items come first, the derived class continues the numbering.
#pragma once

#include <vector>

#include "mof/schema/schema.h"

namespace wmiport::mof {

std::vector<Diagnostic> check_wmi_schema(const Schema& schema);

}  // namespace wmiport::mof
