// <wmium.h> over one in-process wmiport::Host. Handles are pointers to BlockObject, validated against the set of
// open ones before use, so a stale or made-up handle is ERROR_INVALID_PARAMETER rather than a crash.
//
// Buffer contract: the caller's buffer receives the WNODE (method calls: the output data); when it is too
// small the call returns ERROR_INSUFFICIENT_BUFFER and *BufferSize says how much is needed. The caller's size
// travels down to the provider as on Windows (WmiCore::*_sized): a too-small buffer reaches the driver as a
// too-small request, and the driver's WNODE_TOO_SMALL SizeNeeded is what the caller is told.
#include <wmium.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "common/utf16.h"
#include "wmiport/host.h"
#include "wmiport/win32_error.h"

namespace {

using wmiport::Guid;
using wmiport::Host;

struct BlockObject {
  Guid guid;
  wmiport::BlockHandle handle;
};

struct Listener {
  explicit Listener(wmiport::Subscription events) : subscription(std::move(events)) {}
  wmiport::Subscription subscription;
  NOTIFICATIONCALLBACK callback = nullptr;
  UINT_PTR context = 0;
  std::atomic<bool> stop{false};
  std::thread thread;
};

struct State {
  std::mutex mutex;
  std::unique_ptr<Host> host;
  std::set<BlockObject*> blocks;
  std::map<Guid, std::unique_ptr<Listener>> listeners;
};

State& state() {
  static State instance;
  return instance;
}

Guid to_guid(const GUID& guid) {
  std::uint8_t bytes[16];
  std::memcpy(bytes, &guid, sizeof bytes);
  return Guid::load(bytes, 0);
}

ULONG load_drivers(Host& host, const std::vector<std::string>& paths) {
  for (const auto& path : paths) {
    auto driver = host.load_driver(std::filesystem::path(path));
    if (!driver.ok())
      return wmiport::win32_error_from_ntstatus(driver.error().code());
  }
  return ERROR_SUCCESS;
}

ULONG create_host_locked(const std::vector<std::string>& paths) {
  auto host = Host::create();
  if (!host.ok())
    return wmiport::win32_error_from_ntstatus(host.error().code());
  state().host = std::move(*host);
  return load_drivers(*state().host, paths);
}

// The host, created from WMIPORT_DRIVERS at the first call when WmiPortCreateHost was not called.
Host* host_locked() {
  if (!state().host) {
    std::vector<std::string> paths;
    if (const char* drivers = std::getenv("WMIPORT_DRIVERS")) {
      std::string list = drivers;
      std::size_t start = 0;
      while (start <= list.size()) {
        const auto end = list.find(':', start);
        const auto path = list.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (!path.empty())
          paths.push_back(path);
        if (end == std::string::npos)
          break;
        start = end + 1;
      }
    }
    if (create_host_locked(paths) != ERROR_SUCCESS && !state().host)
      return nullptr;
  }
  return state().host.get();
}

BlockObject* block_locked(WMIHANDLE handle) {
  auto* block = static_cast<BlockObject*>(handle);
  return state().blocks.contains(block) ? block : nullptr;
}

// Reads a NUL-terminated WCHAR string, at most 32767 units (the WNODE limit).
std::optional<std::u16string> instance_name(LPCWSTR name) {
  if (name == nullptr)
    return std::nullopt;
  std::u16string out;
  for (std::size_t i = 0; name[i] != 0; ++i) {
    if (i >= 32767)
      return std::nullopt;
    out.push_back(static_cast<char16_t>(name[i]));
  }
  return out;
}

ULONG copy_out(const std::vector<std::uint8_t>& bytes, PULONG size, PVOID buffer) {
  const ULONG needed = static_cast<ULONG>(bytes.size());
  const ULONG available = *size;
  *size = needed;
  if (buffer == nullptr || available < needed)
    return ERROR_INSUFFICIENT_BUFFER;
  if (needed != 0)
    std::memcpy(buffer, bytes.data(), needed);
  return ERROR_SUCCESS;
}

// What the caller offers: a NULL buffer offers nothing, whatever *size says.
std::uint32_t offered(const ULONG* size, const void* buffer) {
  return buffer == nullptr ? 0 : *size;
}

// The provider answered WNODE_TOO_SMALL to the caller's size.
ULONG too_small(std::uint32_t needed, PULONG size) {
  *size = needed;
  return ERROR_INSUFFICIENT_BUFFER;
}

ULONG win32(const wmiport::Error& error) {
  return wmiport::win32_error_from_ntstatus(error.code());
}

}  // namespace

extern "C" {

ULONG WmiPortCreateHost(const char* const* driver_paths, ULONG count) {
  std::lock_guard lock(state().mutex);
  if (state().host)
    return ERROR_INVALID_FUNCTION;  // one host per process
  if (count != 0 && driver_paths == nullptr)
    return ERROR_INVALID_PARAMETER;
  std::vector<std::string> paths;
  for (ULONG i = 0; i < count; ++i) {
    if (driver_paths[i] == nullptr)
      return ERROR_INVALID_PARAMETER;
    paths.emplace_back(driver_paths[i]);
  }
  return create_host_locked(paths);
}

void WmiPortDestroyHost(void) {
  std::map<Guid, std::unique_ptr<Listener>> listeners;
  {
    std::lock_guard lock(state().mutex);
    listeners.swap(state().listeners);
  }
  for (auto& [guid, listener] : listeners) {
    listener->stop = true;
    listener->thread.join();
  }
  listeners.clear();
  std::lock_guard lock(state().mutex);
  for (BlockObject* block : state().blocks)
    delete block;
  state().blocks.clear();
  state().host.reset();
}

ULONG WmiOpenBlock(GUID* DataBlockGuid, ULONG DesiredAccess, WMIHANDLE* DataBlockObject) {
  (void)DesiredAccess;  // no access checks in one process
  if (DataBlockGuid == nullptr || DataBlockObject == nullptr)
    return ERROR_INVALID_PARAMETER;
  std::lock_guard lock(state().mutex);
  Host* host = host_locked();
  if (host == nullptr)
    return ERROR_NOT_ENOUGH_MEMORY;
  const Guid guid = to_guid(*DataBlockGuid);
  bool registered = false;
  for (const auto& info : host->list_blocks())
    registered = registered || info.guid == guid;
  if (!registered)
    return ERROR_WMI_GUID_NOT_FOUND;
  auto* block = new BlockObject{guid, host->open_block(guid)};
  state().blocks.insert(block);
  *DataBlockObject = block;
  return ERROR_SUCCESS;
}

ULONG WmiCloseBlock(WMIHANDLE DataBlockHandle) {
  std::lock_guard lock(state().mutex);
  BlockObject* block = block_locked(DataBlockHandle);
  if (block == nullptr)
    return ERROR_INVALID_PARAMETER;
  state().blocks.erase(block);
  delete block;
  return ERROR_SUCCESS;
}

ULONG WmiQueryAllDataW(WMIHANDLE DataBlockHandle, PULONG BufferSize, PVOID Buffer) {
  if (BufferSize == nullptr)
    return ERROR_INVALID_PARAMETER;
  std::lock_guard lock(state().mutex);
  BlockObject* block = block_locked(DataBlockHandle);
  if (block == nullptr)
    return ERROR_INVALID_PARAMETER;
  auto reply = state().host->wmi().query_all_data_sized(block->guid, offered(BufferSize, Buffer));
  if (!reply.ok())
    return win32(reply.error());
  if (reply->size_needed)
    return too_small(*reply->size_needed, BufferSize);
  return copy_out(reply->merged_wnode, BufferSize, Buffer);
}

ULONG WmiQuerySingleInstanceW(WMIHANDLE DataBlockHandle, LPCWSTR InstanceName, PULONG BufferSize, PVOID Buffer) {
  const auto name = instance_name(InstanceName);
  if (BufferSize == nullptr || !name)
    return ERROR_INVALID_PARAMETER;
  std::lock_guard lock(state().mutex);
  BlockObject* block = block_locked(DataBlockHandle);
  if (block == nullptr)
    return ERROR_INVALID_PARAMETER;
  auto reply = state().host->wmi().query_single_instance_sized(block->guid, *name, offered(BufferSize, Buffer));
  if (!reply.ok())
    return win32(reply.error());
  if (reply->size_needed)
    return too_small(*reply->size_needed, BufferSize);
  return copy_out(reply->wnode, BufferSize, Buffer);
}

ULONG WmiSetSingleInstanceW(WMIHANDLE DataBlockHandle, LPCWSTR InstanceName, ULONG Reserved, ULONG ValueBufferSize,
                            PVOID ValueBuffer) {
  const auto name = instance_name(InstanceName);
  if (!name || Reserved != 0 || (ValueBuffer == nullptr && ValueBufferSize != 0))
    return ERROR_INVALID_PARAMETER;
  std::lock_guard lock(state().mutex);
  BlockObject* block = block_locked(DataBlockHandle);
  if (block == nullptr)
    return ERROR_INVALID_PARAMETER;
  const wmiport::Bytes value(static_cast<const std::uint8_t*>(ValueBuffer), ValueBufferSize);
  auto status = state().host->set_single_instance(block->guid, *name, value);
  return status.ok() ? ERROR_SUCCESS : win32(status.error());
}

ULONG WmiSetSingleItemW(WMIHANDLE DataBlockHandle, LPCWSTR InstanceName, ULONG DataItemId, ULONG Reserved,
                        ULONG ValueBufferSize, PVOID ValueBuffer) {
  const auto name = instance_name(InstanceName);
  if (!name || Reserved != 0 || (ValueBuffer == nullptr && ValueBufferSize != 0))
    return ERROR_INVALID_PARAMETER;
  std::lock_guard lock(state().mutex);
  BlockObject* block = block_locked(DataBlockHandle);
  if (block == nullptr)
    return ERROR_INVALID_PARAMETER;
  const wmiport::Bytes value(static_cast<const std::uint8_t*>(ValueBuffer), ValueBufferSize);
  auto status = state().host->set_single_item(block->guid, *name, DataItemId, value);
  return status.ok() ? ERROR_SUCCESS : win32(status.error());
}

ULONG WmiExecuteMethodW(WMIHANDLE MethodDataBlockHandle, LPCWSTR MethodInstanceName, ULONG MethodId,
                        ULONG InputValueBufferSize, PVOID InputValueBuffer, ULONG* OutputBufferSize,
                        PVOID OutputBuffer) {
  const auto name = instance_name(MethodInstanceName);
  if (!name || OutputBufferSize == nullptr || (InputValueBuffer == nullptr && InputValueBufferSize != 0))
    return ERROR_INVALID_PARAMETER;
  std::lock_guard lock(state().mutex);
  BlockObject* block = block_locked(MethodDataBlockHandle);
  if (block == nullptr)
    return ERROR_INVALID_PARAMETER;
  const wmiport::Bytes input(static_cast<const std::uint8_t*>(InputValueBuffer), InputValueBufferSize);
  auto reply = state().host->wmi().execute_method_sized(block->guid, *name, MethodId, input,
                                                        offered(OutputBufferSize, OutputBuffer));
  if (!reply.ok())
    return win32(reply.error());
  if (reply->size_needed)
    return too_small(*reply->size_needed, OutputBufferSize);
  return copy_out(reply->instance.data, OutputBufferSize, OutputBuffer);
}

ULONG WmiNotificationRegistrationW(LPGUID Guid, BOOLEAN Enable, PVOID DeliveryInfo, ULONG_PTR DeliveryContext,
                                   ULONG Flags) {
  if (Guid == nullptr)
    return ERROR_INVALID_PARAMETER;
  const wmiport::Guid guid = to_guid(*Guid);
  std::unique_ptr<Listener> stopped;
  {
    std::lock_guard lock(state().mutex);
    Host* host = host_locked();
    if (host == nullptr)
      return ERROR_NOT_ENOUGH_MEMORY;
    auto existing = state().listeners.find(guid);
    if (!Enable) {
      if (existing == state().listeners.end())
        return ERROR_WMI_GUID_NOT_FOUND;
      stopped = std::move(existing->second);
      state().listeners.erase(existing);
    } else {
      if (Flags != NOTIFICATION_CALLBACK_DIRECT || DeliveryInfo == nullptr)
        return ERROR_NOT_SUPPORTED;  // only direct callbacks: no message windows or event traces here
      if (existing != state().listeners.end())
        return 4206 /* ERROR_WMI_ALREADY_ENABLED */;
      bool registered = false;
      for (const auto& info : host->list_blocks())
        registered = registered || info.guid == guid;
      if (!registered)
        return ERROR_WMI_GUID_NOT_FOUND;
      auto listener = std::make_unique<Listener>(host->subscribe(guid));
      listener->callback = reinterpret_cast<NOTIFICATIONCALLBACK>(DeliveryInfo);
      listener->context = DeliveryContext;
      Listener* raw = listener.get();
      listener->thread = std::thread([raw] {
        while (!raw->stop) {
          if (auto event = raw->subscription.next(std::chrono::milliseconds(50)))
            raw->callback(reinterpret_cast<PWNODE_HEADER>(event->wnode.data()), raw->context);
        }
      });
      state().listeners.emplace(guid, std::move(listener));
      return ERROR_SUCCESS;
    }
  }
  stopped->stop = true;
  stopped->thread.join();
  return ERROR_SUCCESS;
}

void WmiFreeBuffer(PVOID Buffer) {
  std::free(Buffer);
}

ULONG WmiQueryGuidInformation(WMIHANDLE GuidHandle, PWMIGUIDINFORMATION GuidInfo) {
  if (GuidInfo == nullptr || GuidInfo->Size != sizeof(WMIGUIDINFORMATION))
    return ERROR_INVALID_PARAMETER;
  std::lock_guard lock(state().mutex);
  BlockObject* block = block_locked(GuidHandle);
  if (block == nullptr)
    return ERROR_INVALID_PARAMETER;
  for (const auto& info : state().host->list_blocks()) {
    if (info.guid == block->guid) {
      GuidInfo->IsExpensive = (info.flags & WMIREG_FLAG_EXPENSIVE) != 0;
      GuidInfo->IsEventOnly = (info.flags & WMIREG_FLAG_EVENT_ONLY_GUID) != 0;
      return ERROR_SUCCESS;
    }
  }
  return ERROR_WMI_GUID_NOT_FOUND;
}

}  // extern "C"
