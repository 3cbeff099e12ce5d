#include "scsiport/request.h"

#include <cstring>

#include "scsiport/adapter.h"

namespace wmiport::scsiport {

namespace {

// What this thread keeps, in one thread_local (one TLS lookup in a shared library). No destructor, so that a
// request released while the thread exits, after KeptRequestReaper ran, is still handled: it is freed, not kept.
struct Keeping {
  Request* kept = nullptr;
  bool reaper_armed = false;
  bool exiting = false;
  std::uint64_t allocated = 0;
};
__attribute__((tls_model("initial-exec"))) thread_local Keeping t_keeping;  // see t_inside (adapter.cpp)

struct KeptRequestReaper {
  ~KeptRequestReaper() {
    t_keeping.exiting = true;
    delete t_keeping.kept;
    t_keeping.kept = nullptr;
  }
};
thread_local KeptRequestReaper t_reaper;

}  // namespace

AlignedBlock::AlignedBlock(std::size_t size) : size_(size) {
  if (size != 0) {
    const std::size_t units = (size + sizeof(std::max_align_t) - 1) / sizeof(std::max_align_t);
    storage_ = std::make_unique<std::max_align_t[]>(units);
    zero();  // miniports rely on zeroed extensions
  }
}

void AlignedBlock::zero() {
  if (size_ != 0)
    std::memset(storage_.get(), 0, size_);
}

void RequestRelease::operator()(Request* request) const noexcept {
  if (request == nullptr)
    return;
  if (request->abandoned && request->adapter != nullptr) {
    request->adapter->park_abandoned(request);
    return;
  }
  Keeping& keeping = t_keeping;
  if (keeping.kept != nullptr || keeping.exiting) {
    delete request;
    return;
  }
  // What the request holds for others goes now; the SRB extension's memory stays for the next request.
  request->data = GuardedBlock();
  request->waiter.reset();
  request->next_completed.reset();
  if (!keeping.reaper_armed) {
    (void)&t_reaper;  // constructs (and registers the destructor of) this thread's reaper
    keeping.reaper_armed = true;
  }
  keeping.kept = request;
}

RequestPtr new_request(std::size_t srb_extension_size) {
  Keeping& keeping = t_keeping;
  Request* request = keeping.kept;
  keeping.kept = nullptr;
  if (request == nullptr) {
    ++keeping.allocated;
    request = new Request;
    request->srb_extension = AlignedBlock(srb_extension_size);
    return RequestPtr(request);
  }
  // Back to the initial state, field by field (data, waiter and next_completed were dropped at release); the SRB
  // extension's memory is kept when the size is the same.
  request->srb = SCSI_REQUEST_BLOCK{};
  if (request->srb_extension.size() == srb_extension_size)
    request->srb_extension.zero();
  else
    request->srb_extension = AlignedBlock(srb_extension_size);
  request->data_overrun = false;
  request->unit = UnitAddress{};
  request->on_complete = nullptr;
  request->adapter = nullptr;
  request->device = nullptr;
  request->irp = nullptr;
  request->bounce = false;
  request->dynamic_names = false;
  request->retried = false;
  request->deadline_tick = UINT64_MAX;
  request->reset_sent = false;
  request->abandoned = false;
  return RequestPtr(request);
}

std::uint64_t requests_allocated_by_this_thread() {
  return t_keeping.allocated;
}

}  // namespace wmiport::scsiport
