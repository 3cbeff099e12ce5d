// The port's record of what it noticed about miniports (scsiport.h), process-wide.
#pragma once

#include <optional>
#include <string>

#include "scsiport/scsiport.h"

namespace wmiport::scsiport {

void add_record(PortRecord record);
// set_argument_string's value for `driver`, if any.
std::optional<std::string> argument_string(const std::string& driver);

}  // namespace wmiport::scsiport
