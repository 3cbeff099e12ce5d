// The C structs `wmimofck -h -m` emits for a class, as data: which items, in which order, how each is spelled and
// whether it is live or commented out. The text writer (header_generator.cpp) prints these; the fixture
// cross-check compares their offsetof/sizeof with the layout engine.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mof/header/c_member.h"
#include "mof/header/header.h"
#include "mof/schema/schema.h"

namespace wmiport::mof {

// True when the header has a block for this class: WMI, a valid guid, not an amendment, not
// WmiGenerateHeader(FALSE) (§4.1).
bool header_includes_class(const Class& cls);

struct HeaderMember {
  const Property* property = nullptr;
  std::uint32_t id = 0;  // the _ID value: WmiDataId, or a parameter's ID + 1
  header_detail::CMember c;
  bool commented = false;  // after the first variable-size member: `//  <declaration>`
};

struct HeaderStruct {
  std::string name;                // HeaderName / class name, or "<Method>_IN" / "<Method>_OUT"
  const Method* method = nullptr;  // null for the data struct
  bool in = false;                 // for method structs: the [in] (true) or [out] (false) parameters
  std::vector<HeaderMember> members;
  bool every_member_sized = false;  // then `#define <name>_SIZE (FIELD_OFFSET(...) + ..._SIZE)` follows
};

// The data struct of the class (empty members when it has no WmiDataId item), items in WmiDataId order,
// superclasses' items included.
HeaderStruct header_data_struct(const Schema& schema, const Class& cls, const HeaderOptions& options);

// The _IN (in = true) or _OUT struct of a method, parameters in ID order; empty members when there are none.
HeaderStruct header_method_struct(const Schema& schema, const Method& method, bool in, const HeaderOptions& options);

}  // namespace wmiport::mof
