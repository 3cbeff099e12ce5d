// Errors as values: every fallible internal operation returns Status or Result<T>.
//
// An error carries an NTSTATUS-compatible code (so the IRP boundary can copy it into IoStatus.Status unchanged)
// and a message that says which field or rule failed, e.g.
// "OffsetInstanceDataAndLength[3].LengthInstanceData runs past BufferSize (0x120 > 0x100)".
// Propagate with WMIPORT_TRY / WMIPORT_ASSIGN_OR_RETURN; both are [[nodiscard]] so an error cannot be dropped.
#pragma once

#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace wmiport {

using NtStatusCode = std::int32_t;

// NTSTATUS values the internal layers use. They equal the <ntstatus.h> macros of include/wdk; a test checks
// that, so C++ code need not include the C headers to speak the same codes.
namespace ntstatus {
inline constexpr NtStatusCode success = 0x00000000;
inline constexpr NtStatusCode pending = 0x00000103;
inline constexpr NtStatusCode buffer_overflow = static_cast<NtStatusCode>(0x80000005u);
inline constexpr NtStatusCode unsuccessful = static_cast<NtStatusCode>(0xC0000001u);
inline constexpr NtStatusCode invalid_parameter = static_cast<NtStatusCode>(0xC000000Du);
inline constexpr NtStatusCode invalid_device_request = static_cast<NtStatusCode>(0xC0000010u);
inline constexpr NtStatusCode buffer_too_small = static_cast<NtStatusCode>(0xC0000023u);
inline constexpr NtStatusCode insufficient_resources = static_cast<NtStatusCode>(0xC000009Au);
inline constexpr NtStatusCode not_supported = static_cast<NtStatusCode>(0xC00000BBu);
inline constexpr NtStatusCode wmi_guid_not_found = static_cast<NtStatusCode>(0xC0000295u);
inline constexpr NtStatusCode wmi_instance_not_found = static_cast<NtStatusCode>(0xC0000296u);
inline constexpr NtStatusCode wmi_itemid_not_found = static_cast<NtStatusCode>(0xC0000297u);
inline constexpr NtStatusCode wmi_try_again = static_cast<NtStatusCode>(0xC0000298u);
inline constexpr NtStatusCode wmi_read_only = static_cast<NtStatusCode>(0xC00002C6u);
inline constexpr NtStatusCode wmi_set_failure = static_cast<NtStatusCode>(0xC00002C7u);
inline constexpr NtStatusCode wmi_not_supported = static_cast<NtStatusCode>(0xC00002DDu);
inline constexpr NtStatusCode wmi_guid_disconnected = static_cast<NtStatusCode>(0xC0000301u);
inline constexpr NtStatusCode wmi_already_disabled = static_cast<NtStatusCode>(0xC0000302u);
inline constexpr NtStatusCode wmi_already_enabled = static_cast<NtStatusCode>(0xC0000303u);
}  // namespace ntstatus

constexpr bool nt_success(NtStatusCode code) { return code >= 0; }

// The symbolic name of a code ("STATUS_WMI_GUID_NOT_FOUND"), or "0xC0001234" for one we do not name.
std::string ntstatus_name(NtStatusCode code);

class [[nodiscard]] Error {
public:
  Error(NtStatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  NtStatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "STATUS_INVALID_PARAMETER: <message>"
  std::string to_string() const;

private:
  NtStatusCode code_;
  std::string message_;
};

// Result<T>: a T or an Error. Result<void> (alias Status) is success or an Error.
template <typename T>
class [[nodiscard]] Result {
public:
  Result(T value) : storage_(std::in_place_index<0>, std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Error error) : storage_(std::in_place_index<1>, std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return storage_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(storage_); }
  const T& value() const& { return std::get<0>(storage_); }
  T&& value() && { return std::get<0>(std::move(storage_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const& { return std::get<1>(storage_); }
  Error&& error() && { return std::get<1>(std::move(storage_)); }

private:
  std::variant<T, Error> storage_;
};

template <>
class [[nodiscard]] Result<void> {
public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const& { return error_; }
  Error&& error() && { return std::move(error_); }

private:
  Error error_{ntstatus::success, {}};
  bool failed_ = false;
};

using Status = Result<void>;

inline Status ok_status() { return {}; }

}  // namespace wmiport

// Propagate an error from an expression returning Status or Result<T>; evaluates to nothing.
#define WMIPORT_TRY(expr)                                   \
  do {                                                      \
    auto&& wmiport_try_result_ = (expr);                    \
    if (!wmiport_try_result_.ok())                          \
      return std::move(wmiport_try_result_).error();        \
  } while (0)

#define WMIPORT_CONCAT_INNER_(a, b) a##b
#define WMIPORT_CONCAT_(a, b) WMIPORT_CONCAT_INNER_(a, b)

// WMIPORT_ASSIGN_OR_RETURN(auto x, make_x()); declares x from the value, or returns the error.
#define WMIPORT_ASSIGN_OR_RETURN(decl, expr) \
  WMIPORT_ASSIGN_OR_RETURN_IMPL_(WMIPORT_CONCAT_(wmiport_result_, __LINE__), decl, expr)
#define WMIPORT_ASSIGN_OR_RETURN_IMPL_(tmp, decl, expr) \
  auto tmp = (expr);                                    \
  if (!tmp.ok())                                        \
    return std::move(tmp).error();                      \
  decl = std::move(tmp).value()
