// The counted-string and integer conversion routines of the Rtl library, with the WDK's buffer rules:
// lengths in bytes, no NUL required, NUL appended only when MaximumLength leaves room for it.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <string>

#include <wdm.h>

#include "kernel/pool.h"
#include "kernel/unicode.h"

namespace {

using wmiport::kernel::upcase;
using wmiport::kernel::view_of;

std::size_t wide_length(PCWSTR text) {
  std::size_t n = 0;
  while (text[n] != 0)
    ++n;
  return n;
}

// Writes a NUL after the string when the buffer has room for it.
void terminate_if_room(PUNICODE_STRING string) {
  if (string->Length + sizeof(WCHAR) <= string->MaximumLength)
    string->Buffer[string->Length / sizeof(WCHAR)] = 0;
}

int hex_value(char16_t c) {
  if (c >= u'0' && c <= u'9')
    return c - u'0';
  if (c >= u'a' && c <= u'f')
    return c - u'a' + 10;
  if (c >= u'A' && c <= u'F')
    return c - u'A' + 10;
  return -1;
}

}  // namespace

extern "C" {

SIZE_T RtlCompareMemory(const VOID* Source1, const VOID* Source2, SIZE_T Length) {
  const auto* a = static_cast<const unsigned char*>(Source1);
  const auto* b = static_cast<const unsigned char*>(Source2);
  SIZE_T i = 0;
  while (i < Length && a[i] == b[i])
    ++i;
  return i;
}

VOID RtlInitUnicodeString(PUNICODE_STRING DestinationString, PCWSTR SourceString) {
  DestinationString->Buffer = const_cast<PWCH>(SourceString);
  if (SourceString == nullptr) {
    DestinationString->Length = DestinationString->MaximumLength = 0;
    return;
  }
  // Longer strings are cut to the largest even length a USHORT holds (UNICODE_STRING_MAX_BYTES).
  const std::size_t bytes =
      std::min<std::size_t>(wide_length(SourceString) * sizeof(WCHAR), UNICODE_STRING_MAX_BYTES - 2);
  DestinationString->Length = static_cast<USHORT>(bytes);
  DestinationString->MaximumLength = static_cast<USHORT>(bytes + sizeof(WCHAR));
}

VOID RtlInitString(PSTRING DestinationString, PCSZ SourceString) {
  DestinationString->Buffer = const_cast<PCHAR>(SourceString);
  if (SourceString == nullptr) {
    DestinationString->Length = DestinationString->MaximumLength = 0;
    return;
  }
  const std::size_t bytes = std::min<std::size_t>(std::strlen(SourceString), 0xfffe);
  DestinationString->Length = static_cast<USHORT>(bytes);
  DestinationString->MaximumLength = static_cast<USHORT>(bytes + 1);
}

VOID RtlInitAnsiString(PANSI_STRING DestinationString, PCSZ SourceString) {
  RtlInitString(DestinationString, SourceString);
}

VOID RtlCopyUnicodeString(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString) {
  if (SourceString == nullptr || SourceString->Buffer == nullptr) {
    DestinationString->Length = 0;
    return;
  }
  const USHORT bytes = std::min(SourceString->Length, DestinationString->MaximumLength);
  std::memmove(DestinationString->Buffer, SourceString->Buffer, bytes & ~1u);
  DestinationString->Length = static_cast<USHORT>(bytes & ~1u);
  terminate_if_room(DestinationString);
}

LONG RtlCompareUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2, BOOLEAN CaseInSensitive) {
  const auto a = view_of(*String1);
  const auto b = view_of(*String2);
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const char16_t x = CaseInSensitive ? upcase(a[i]) : a[i];
    const char16_t y = CaseInSensitive ? upcase(b[i]) : b[i];
    if (x != y)
      return static_cast<LONG>(x) - static_cast<LONG>(y);
  }
  return static_cast<LONG>(a.size()) - static_cast<LONG>(b.size());
}

BOOLEAN RtlEqualUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2, BOOLEAN CaseInSensitive) {
  if (String1->Length != String2->Length)
    return FALSE;
  return RtlCompareUnicodeString(String1, String2, CaseInSensitive) == 0 ? TRUE : FALSE;
}

NTSTATUS RtlAppendUnicodeStringToString(PUNICODE_STRING Destination, PCUNICODE_STRING Source) {
  if (Source == nullptr || Source->Length == 0)
    return STATUS_SUCCESS;
  const std::size_t total = std::size_t{Destination->Length} + Source->Length;
  if (total > Destination->MaximumLength)
    return STATUS_BUFFER_TOO_SMALL;
  std::memmove(reinterpret_cast<char*>(Destination->Buffer) + Destination->Length, Source->Buffer, Source->Length);
  Destination->Length = static_cast<USHORT>(total);
  terminate_if_room(Destination);
  return STATUS_SUCCESS;
}

NTSTATUS RtlAppendUnicodeToString(PUNICODE_STRING Destination, PCWSTR Source) {
  if (Source == nullptr)
    return STATUS_SUCCESS;
  const std::size_t bytes = wide_length(Source) * sizeof(WCHAR);
  const std::size_t total = std::size_t{Destination->Length} + bytes;
  if (total > Destination->MaximumLength)
    return STATUS_BUFFER_TOO_SMALL;
  std::memmove(reinterpret_cast<char*>(Destination->Buffer) + Destination->Length, Source, bytes);
  Destination->Length = static_cast<USHORT>(total);
  terminate_if_room(Destination);
  return STATUS_SUCCESS;
}

NTSTATUS RtlIntegerToUnicodeString(ULONG Value, ULONG Base, PUNICODE_STRING String) {
  if (Base == 0)
    Base = 10;
  if (Base != 2 && Base != 8 && Base != 10 && Base != 16)
    return STATUS_INVALID_PARAMETER;
  char digits[33];
  std::size_t n = 0;
  do {
    digits[n++] = "0123456789ABCDEF"[Value % Base];
    Value /= Base;
  } while (Value != 0);
  // The digits and a terminating NUL must fit.
  if ((n + 1) * sizeof(WCHAR) > String->MaximumLength)
    return STATUS_BUFFER_OVERFLOW;
  for (std::size_t i = 0; i < n; ++i)
    String->Buffer[i] = static_cast<WCHAR>(digits[n - 1 - i]);
  String->Buffer[n] = 0;
  String->Length = static_cast<USHORT>(n * sizeof(WCHAR));
  return STATUS_SUCCESS;
}

NTSTATUS RtlUnicodeStringToInteger(PCUNICODE_STRING String, ULONG Base, PULONG Value) {
  if (Base != 0 && Base != 2 && Base != 8 && Base != 10 && Base != 16)
    return STATUS_INVALID_PARAMETER;
  if (Value == nullptr)
    return STATUS_ACCESS_VIOLATION;
  const auto text = view_of(*String);
  std::size_t i = 0;
  while (i < text.size() && text[i] <= u' ')
    ++i;
  bool negative = false;
  if (i < text.size() && (text[i] == u'+' || text[i] == u'-'))
    negative = text[i++] == u'-';
  if (Base == 0) {
    Base = 10;
    if (i + 1 < text.size() && text[i] == u'0') {
      const char16_t prefix = text[i + 1];
      if (prefix == u'x' || prefix == u'X')
        Base = 16;
      else if (prefix == u'o' || prefix == u'O')
        Base = 8;
      else if (prefix == u'b' || prefix == u'B')
        Base = 2;
      if (Base != 10)
        i += 2;
    }
  }
  ULONG result = 0;
  for (; i < text.size(); ++i) {
    const int digit = hex_value(text[i]);
    if (digit < 0 || static_cast<ULONG>(digit) >= Base)
      break;
    result = result * Base + static_cast<ULONG>(digit);  // wraps modulo 2^32 as on Windows
  }
  *Value = negative ? 0u - result : result;
  return STATUS_SUCCESS;
}

VOID RtlFreeUnicodeString(PUNICODE_STRING UnicodeString) {
  if (UnicodeString->Buffer != nullptr)
    ExFreePool(UnicodeString->Buffer);
  UnicodeString->Buffer = nullptr;
  UnicodeString->Length = UnicodeString->MaximumLength = 0;
}

// REFGUID is a reference in C++ and a pointer in C: the same ABI.
NTSTATUS RtlStringFromGUID(REFGUID Guid, PUNICODE_STRING GuidString) {
  char text[39];
  std::snprintf(text, sizeof text, "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}", Guid.Data1, Guid.Data2,
                Guid.Data3, Guid.Data4[0], Guid.Data4[1], Guid.Data4[2], Guid.Data4[3], Guid.Data4[4], Guid.Data4[5],
                Guid.Data4[6], Guid.Data4[7]);
  // Freed by RtlFreeUnicodeString; charged to the caller like any pool it asks for.
  auto* buffer = static_cast<PWCH>(
      ExAllocatePoolWithTag(PagedPool, sizeof text * sizeof(WCHAR), wmiport::kernel::pool_tag("RtlG")));
  if (buffer == nullptr)
    return STATUS_INSUFFICIENT_RESOURCES;
  for (std::size_t i = 0; i < sizeof text; ++i)
    buffer[i] = static_cast<WCHAR>(text[i]);
  GuidString->Buffer = buffer;
  GuidString->Length = 38 * sizeof(WCHAR);
  GuidString->MaximumLength = sizeof text * sizeof(WCHAR);
  return STATUS_SUCCESS;
}

NTSTATUS RtlGUIDFromString(PCUNICODE_STRING GuidString, GUID* Guid) {
  const auto text = view_of(*GuidString);
  // Exactly "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}".
  if (text.size() != 38 || text[0] != u'{' || text[37] != u'}' || text[9] != u'-' || text[14] != u'-' ||
      text[19] != u'-' || text[24] != u'-')
    return STATUS_INVALID_PARAMETER;
  auto hex = [&](std::size_t at, std::size_t count, unsigned long long& out) {
    out = 0;
    for (std::size_t k = 0; k < count; ++k) {
      const int digit = hex_value(text[at + k]);
      if (digit < 0)
        return false;
      out = out * 16 + static_cast<unsigned>(digit);
    }
    return true;
  };
  unsigned long long d1 = 0, d2 = 0, d3 = 0, byte = 0;
  if (!hex(1, 8, d1) || !hex(10, 4, d2) || !hex(15, 4, d3))
    return STATUS_INVALID_PARAMETER;
  GUID parsed{};
  const std::size_t byte_offsets[8] = {20, 22, 25, 27, 29, 31, 33, 35};
  for (std::size_t k = 0; k < 8; ++k) {
    if (!hex(byte_offsets[k], 2, byte))
      return STATUS_INVALID_PARAMETER;
    parsed.Data4[k] = static_cast<UCHAR>(byte);
  }
  parsed.Data1 = static_cast<ULONG>(d1);
  parsed.Data2 = static_cast<USHORT>(d2);
  parsed.Data3 = static_cast<USHORT>(d3);
  *Guid = parsed;
  return STATUS_SUCCESS;
}

}  // extern "C"
