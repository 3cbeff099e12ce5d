#include "kernel/debug_format.h"

#include <cstdint>
#include <cstdio>
#include <string_view>

#include <wdm.h>

#include "common/utf16.h"
#include "kernel/unicode.h"

namespace wmiport::kernel {

namespace {

enum class Size { normal, h, hh, l32, l64, ptr };

std::string wide_to_utf8(const WCHAR* text, std::size_t count) {
  return utf16_to_utf8(std::u16string_view(reinterpret_cast<const char16_t*>(text), count));
}

std::size_t wide_length(const WCHAR* text) {
  std::size_t n = 0;
  while (text[n] != 0)
    ++n;
  return n;
}

// Formats one conversion with the C library, given a spec without length modifier.
template <typename T>
void append_c(std::string& out, const std::string& spec, T value) {
  char buffer[512];
  const int n = std::snprintf(buffer, sizeof buffer, spec.c_str(), value);
  if (n > 0)
    out.append(buffer, std::min<std::size_t>(static_cast<std::size_t>(n), sizeof buffer - 1));
}

void append_string(std::string& out, const std::string& flags_width_precision, std::string_view text) {
  const std::string value(text);
  append_c(out, "%" + flags_width_precision + "s", value.c_str());
}

}  // namespace

std::string format_debug_message(const char* format, std::va_list args) {
  std::string out;
  for (const char* p = format; *p != '\0'; ++p) {
    if (*p != '%') {
      out += *p;
      continue;
    }
    ++p;
    if (*p == '%') {
      out += '%';
      continue;
    }
    std::string fwp;  // flags, width, precision
    while (*p == '-' || *p == '+' || *p == ' ' || *p == '#' || *p == '0')
      fwp += *p++;
    if (*p == '*') {
      fwp += std::to_string(va_arg(args, int));
      ++p;
    }
    while (*p >= '0' && *p <= '9')
      fwp += *p++;
    if (*p == '.') {
      fwp += *p++;
      if (*p == '*') {
        fwp += std::to_string(va_arg(args, int));
        ++p;
      }
      while (*p >= '0' && *p <= '9')
        fwp += *p++;
    }
    Size size = Size::normal;
    bool wide = false;
    if (p[0] == 'I' && p[1] == '6' && p[2] == '4') {
      size = Size::l64;
      p += 3;
    } else if (p[0] == 'I' && p[1] == '3' && p[2] == '2') {
      size = Size::l32;
      p += 3;
    } else if (p[0] == 'l' && p[1] == 'l') {
      size = Size::l64;
      p += 2;
    } else if (p[0] == 'h' && p[1] == 'h') {
      size = Size::hh;
      p += 2;
    } else if (*p == 'I' || *p == 'z' || *p == 'j' || *p == 't') {
      size = Size::ptr;
      ++p;
    } else if (*p == 'l') {
      size = Size::l32;  // Windows: long is 32 bits
      wide = true;       // %ls / %lc are wide
      ++p;
    } else if (*p == 'h') {
      size = Size::h;
      ++p;
    } else if (*p == 'w') {
      wide = true;
      ++p;
    }
    const char conversion = *p;
    if (conversion == '\0')
      break;
    switch (conversion) {
      case 'd':
      case 'i': {
        const std::string spec = "%" + fwp + "lld";
        long long value = 0;
        switch (size) {
          case Size::l64:
          case Size::ptr:
            value = va_arg(args, long long);
            break;
          case Size::h:
            value = static_cast<short>(va_arg(args, int));
            break;
          case Size::hh:
            value = static_cast<signed char>(va_arg(args, int));
            break;
          default:
            value = va_arg(args, int);
        }
        append_c(out, spec, value);
        break;
      }
      case 'u':
      case 'x':
      case 'X':
      case 'o': {
        const std::string spec = "%" + fwp + "ll" + conversion;
        unsigned long long value = 0;
        switch (size) {
          case Size::l64:
          case Size::ptr:
            value = va_arg(args, unsigned long long);
            break;
          case Size::h:
            value = static_cast<unsigned short>(va_arg(args, unsigned));
            break;
          case Size::hh:
            value = static_cast<unsigned char>(va_arg(args, unsigned));
            break;
          default:
            value = va_arg(args, unsigned);
        }
        append_c(out, spec, value);
        break;
      }
      case 'c':
      case 'C':
        if (wide || conversion == 'C') {
          const auto c = static_cast<WCHAR>(va_arg(args, int));
          append_string(out, fwp, wide_to_utf8(&c, 1));
        } else {
          append_c(out, "%" + fwp + "c", va_arg(args, int));
        }
        break;
      case 's':
      case 'S': {
        if (wide || conversion == 'S') {
          const auto* text = va_arg(args, const WCHAR*);
          append_string(out, fwp, text != nullptr ? wide_to_utf8(text, wide_length(text)) : "(null)");
        } else {
          const char* text = va_arg(args, const char*);
          append_string(out, fwp, text != nullptr ? text : "(null)");
        }
        break;
      }
      case 'Z': {
        if (wide) {
          const auto* string = va_arg(args, const UNICODE_STRING*);
          append_string(out, fwp,
                        string != nullptr && string->Buffer != nullptr ? utf16_to_utf8(view_of(*string)) : "(null)");
        } else {
          const auto* string = va_arg(args, const ANSI_STRING*);
          append_string(out, fwp,
                        string != nullptr && string->Buffer != nullptr
                            ? std::string_view(string->Buffer, string->Length)
                            : std::string_view("(null)"));
        }
        break;
      }
      case 'p':
        append_c(out, "%" + fwp + "p", va_arg(args, void*));
        break;
      case 'e':
      case 'E':
      case 'f':
      case 'g':
      case 'G':
        append_c(out, "%" + fwp + conversion, va_arg(args, double));
        break;
      case 'n':
        (void)va_arg(args, void*);  // never written: %n is a classic exploit primitive
        break;
      default:
        out += '%';
        out += fwp;
        out += conversion;
    }
  }
  return out;
}

}  // namespace wmiport::kernel
