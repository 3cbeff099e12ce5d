#include "kernel/driver_mof.h"

#include <dlfcn.h>
#include <elf.h>
#include <link.h>

#include <cstring>
#include <fstream>

#include <fmt/format.h>

#include "common/checked_math.h"
#include "common/utf16.h"

namespace wmiport::kernel {
namespace {

constexpr NtStatusCode kInvalidImageFormat = static_cast<NtStatusCode>(0xC000007Bu);
constexpr NtStatusCode kObjectNameNotFound = static_cast<NtStatusCode>(0xC0000034u);
constexpr std::size_t kRecordHeader = 24;
// A MOF larger than this is not a MOF (the biggest real driver MOFs are a few hundred KiB).
constexpr std::uint64_t kMaxImageSection = 64ull << 20;

Error corrupt(std::size_t offset, std::string_view what) {
  return Error(kInvalidImageFormat, fmt::format("{} record at offset {:#x}: {}", kMofSectionName, offset, what));
}

char16_t ascii_lower(char16_t c) {
  return (c >= u'A' && c <= u'Z') ? static_cast<char16_t>(c - u'A' + u'a') : c;
}

bool same_name(std::u16string_view a, std::u16string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) {
      return false;
    }
  }
  return true;
}

bool all_zero(Bytes bytes) {
  for (auto b : bytes) {
    if (b != 0) {
      return false;
    }
  }
  return true;
}

}  // namespace

Result<std::vector<MofResource>> parse_mof_section(Bytes section) {
  std::vector<MofResource> records;
  std::size_t offset = 0;
  while (offset < section.size()) {
    Bytes rest = section.subspan(offset);
    if (rest.size() < kRecordHeader) {
      if (all_zero(rest)) {
        break;  // tail padding
      }
      return corrupt(offset, "truncated header");
    }
    if (std::memcmp(rest.data(), kMofRecordMagic.data(), kMofRecordMagic.size()) != 0) {
      if (all_zero(rest.first(8))) {
        offset += 8;  // padding the linker put between two records
        continue;
      }
      return corrupt(offset, "bad magic");
    }
    auto record_size = load_le<std::uint32_t>(rest, 8);
    auto name_bytes = load_le<std::uint32_t>(rest, 12);
    auto mof_offset = load_le<std::uint32_t>(rest, 16);
    auto mof_size = load_le<std::uint32_t>(rest, 20);
    if (record_size % 8 != 0 || record_size < kRecordHeader || record_size > rest.size()) {
      return corrupt(offset, fmt::format("RecordSize {:#x} is not 8-aligned or runs past the section ({:#x} left)",
                                         record_size, rest.size()));
    }
    if (name_bytes % 2 != 0 || name_bytes == 0 || static_cast<std::uint64_t>(kRecordHeader) + name_bytes > mof_offset ||
        mof_offset % 8 != 0) {
      return corrupt(offset, fmt::format("NameBytes {:#x} / MofOffset {:#x} inconsistent", name_bytes, mof_offset));
    }
    if (static_cast<std::uint64_t>(mof_offset) + mof_size > record_size) {
      return corrupt(offset, fmt::format("MOF ({:#x} bytes at {:#x}) runs past RecordSize {:#x}", mof_size, mof_offset,
                                         record_size));
    }
    MofResource record;
    record.name = load_utf16le(rest, kRecordHeader, name_bytes / 2);
    record.mof.assign(reinterpret_cast<const char*>(rest.data()) + mof_offset, mof_size);
    records.push_back(std::move(record));
    offset += record_size;
  }
  return records;
}

Result<std::vector<MofResource>> read_driver_mofs(const std::filesystem::path& image) {
  std::ifstream file(image, std::ios::binary);
  if (!file) {
    return Error(kObjectNameNotFound, fmt::format("cannot open {}", image.string()));
  }
  auto read_at = [&file](std::uint64_t offset, void* out, std::size_t size) {
    file.clear();
    file.seekg(static_cast<std::streamoff>(offset));
    file.read(static_cast<char*>(out), static_cast<std::streamsize>(size));
    return static_cast<std::size_t>(file.gcount()) == size;
  };
  Elf64_Ehdr header{};
  if (!read_at(0, &header, sizeof(header)) || std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0 ||
      header.e_ident[EI_CLASS] != ELFCLASS64 || header.e_ident[EI_DATA] != ELFDATA2LSB) {
    return Error(kInvalidImageFormat, fmt::format("{} is not a 64-bit little-endian ELF image", image.string()));
  }
  if (header.e_shentsize != sizeof(Elf64_Shdr) || header.e_shstrndx >= header.e_shnum) {
    return Error(kInvalidImageFormat, fmt::format("{}: bad section header table", image.string()));
  }
  std::vector<Elf64_Shdr> sections(header.e_shnum);
  if (!read_at(header.e_shoff, sections.data(), sections.size() * sizeof(Elf64_Shdr))) {
    return Error(kInvalidImageFormat, fmt::format("{}: truncated section header table", image.string()));
  }
  const Elf64_Shdr& names = sections[header.e_shstrndx];
  if (names.sh_size > kMaxImageSection) {
    return Error(kInvalidImageFormat, fmt::format("{}: section name table too large", image.string()));
  }
  std::string name_table(names.sh_size, '\0');
  if (!read_at(names.sh_offset, name_table.data(), name_table.size())) {
    return Error(kInvalidImageFormat, fmt::format("{}: truncated section name table", image.string()));
  }
  for (const Elf64_Shdr& section : sections) {
    if (section.sh_name >= name_table.size()) {
      continue;
    }
    std::string_view name(name_table.c_str() + section.sh_name);
    if (name != kMofSectionName) {
      continue;
    }
    if (section.sh_type == SHT_NOBITS || section.sh_size > kMaxImageSection) {
      return Error(kInvalidImageFormat, fmt::format("{}: {} section unusable", image.string(), kMofSectionName));
    }
    std::vector<std::uint8_t> bytes(section.sh_size);
    if (!read_at(section.sh_offset, bytes.data(), bytes.size())) {
      return Error(kInvalidImageFormat, fmt::format("{}: {} section truncated", image.string(), kMofSectionName));
    }
    return parse_mof_section(bytes);
  }
  return std::vector<MofResource>{};
}

Result<std::string> find_driver_mof(const std::filesystem::path& image, std::u16string_view resource_name) {
  WMIPORT_ASSIGN_OR_RETURN(auto records, read_driver_mofs(image));
  for (auto& record : records) {
    if (same_name(record.name, resource_name)) {
      return std::move(record.mof);
    }
  }
  return Error(kObjectNameNotFound,
               fmt::format("{} has no MOF resource named {}", image.string(), utf16_to_utf8(resource_name)));
}

Result<std::string> find_driver_mof(void* dl_handle, std::u16string_view resource_name) {
  link_map* map = nullptr;
  if (dl_handle == nullptr || dlinfo(dl_handle, RTLD_DI_LINKMAP, &map) != 0 || map == nullptr ||
      map->l_name == nullptr || map->l_name[0] == '\0') {
    return Error(kObjectNameNotFound, "no image path for this shared object handle");
  }
  return find_driver_mof(std::filesystem::path(map->l_name), resource_name);
}

}  // namespace wmiport::kernel
