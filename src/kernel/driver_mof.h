// The MOF resources attached to a driver image, as a .sys file carries its MOF resource.
//
// cmake/WmiportDriver.cmake (wmiport_add_driver ... MOF file.mof [MOF_RESOURCE_NAME name]) puts one record per
// MOF into the ELF section `.wmiport.mof` of the driver's .so. The WMI side finds a driver's schema by the
// MofResourceName the driver reports at registration. Record layout (little-endian, each record 8-aligned; the
// linker may put zero bytes between records, which readers skip in 8-byte steps):
//
//   0   8  magic "WMPMOF01"
//   8   4  RecordSize   bytes of the whole record (a multiple of 8)
//   12  4  NameBytes    bytes of the UTF-16LE resource name (no NUL)
//   16  4  MofOffset    from the record start (8-aligned, >= 24 + NameBytes)
//   20  4  MofSize      bytes of the MOF file, as written (UTF-8 or UTF-16 source; compile it with src/mof)
//   24  .. the name, zero padding, the MOF bytes at MofOffset, zero padding to RecordSize
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/byte_io.h"
#include "common/result.h"
#include "kernel/api.h"

namespace wmiport::kernel {

inline constexpr std::string_view kMofSectionName = ".wmiport.mof";
inline constexpr std::string_view kMofRecordMagic = "WMPMOF01";

struct MofResource {
  std::u16string name;
  std::string mof;  // the MOF file's bytes
};

// Parses the contents of a `.wmiport.mof` section. Any record that does not fit the rules above fails the whole
// section (STATUS_INVALID_IMAGE_FORMAT-like error with the offset): a corrupt section is never half-read.
WMIPORT_KERNEL_API Result<std::vector<MofResource>> parse_mof_section(Bytes section);

// Every MOF record of an ELF image (64-bit little-endian); an image without the section has none.
WMIPORT_KERNEL_API Result<std::vector<MofResource>> read_driver_mofs(const std::filesystem::path& image);

// The MOF whose resource name equals `resource_name` (ASCII case-insensitively, as Windows resource names
// compare); STATUS_OBJECT_NAME_NOT_FOUND
// when the image has no such record.
WMIPORT_KERNEL_API Result<std::string> find_driver_mof(const std::filesystem::path& image,
                                                       std::u16string_view resource_name);
// The same for a loaded driver, by its dlopen handle (the image path comes from the link map).
WMIPORT_KERNEL_API Result<std::string> find_driver_mof(void* dl_handle, std::u16string_view resource_name);

}  // namespace wmiport::kernel
