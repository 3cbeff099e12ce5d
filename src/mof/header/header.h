// The equivalent of `wmimofck -h` (with -m and -u): the C header a driver includes to fill its WMI data blocks,
// emitted with exactly the text rules of spec mof-and-layout §4 (CRLF generator lines, LF cpp_quote text).
#pragma once

#include <string>

#include "common/result.h"
#include "mof/schema/schema.h"

namespace wmiport::mof {

struct HeaderOptions {
  std::string base_name;        // the -h file name without extension: the guard is _<base_name>_h_, verbatim
  bool methods = false;         // -m: <Method>_IN / <Method>_OUT structs
  bool maxlen_strings = false;  // -u: MaxLen strings as WCHAR x[MaxLen + 1] instead of CHAR VariableData[1]
};

// Classes in schema order that have WMI and a valid guid, are not amendments and do not say
// WmiGenerateHeader(FALSE). Fails only when the base name is empty.
Result<std::string> generate_header(const Schema& schema, const HeaderOptions& options);

}  // namespace wmiport::mof
