// mofcomp's normalisations (spec mof-and-layout §0, §1.4), applied to each property and method as it is parsed so
// that the Schema looks like what a binary MOF of the same source decodes to.
#pragma once

#include "mof/schema/schema.h"

namespace wmiport::mof::syntax {

// `T x[N]` gets a MAX(N) qualifier (mofcomp stores it as `[MAX(N)] T x[]`); `[MAX(N)] T x[]` gets fixed_count N.
// When both are written, the [N] suffix sets fixed_count and the WMI checks report a disagreement.
void normalise_property(Property& property);

// Parameters: `in`/`out` from their qualifiers; the implicit 0-based ID in declaration order (an explicit ID
// qualifier wins), also recorded as an ID qualifier as mofcomp does. A non-void return type becomes an [out]
// parameter ReturnValue appended last, whose ID follows the declared parameters.
void normalise_method(Method& method);

}  // namespace wmiport::mof::syntax
