// JSON views of decoded WMI data, for the command line and tests.
//
// Objects are keyed by item name in WmiDataId order (ordered_json keeps insertion order); integers of every width
// are JSON numbers (uint64 included, as nlohmann keeps 64-bit unsigned values exact); byte arrays are arrays of
// numbers; datetimes are their 25-character strings; embedded objects nest.
#pragma once

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "mof/layout/data_value.h"
#include "mof/layout/layout.h"

namespace wmiport::mof {

nlohmann::ordered_json to_json(const DataValue& value);
nlohmann::ordered_json to_json(const DataObject& object);

// Reads a JSON object into a DataObject typed by the layout: JSON numbers become the integer or real the item
// needs (range-checked), strings become strings or datetimes, nested objects and arrays follow the item types.
// Errors name the item path ("Attributes.PortFcId: expected an integer for uint32, got string"). Unknown keys
// are errors. Missing keys are left out (encode_block reports them, except WmiSizeIs counts, which it fills).
Result<DataObject> data_object_from_json(const BlockLayout& layout, const nlohmann::ordered_json& json);

}  // namespace wmiport::mof
