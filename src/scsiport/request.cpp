#include "scsiport/request.h"

#include <cstring>

namespace wmiport::scsiport {

namespace {

// The request this thread keeps. Plain pointers (no destructor) so that a request released while the thread exits,
// after KeptRequestReaper ran, is still handled: it is then freed instead of kept.
thread_local Request* t_kept = nullptr;
thread_local bool t_exiting = false;
thread_local std::uint64_t t_allocated = 0;

struct KeptRequestReaper {
  ~KeptRequestReaper() {
    t_exiting = true;
    delete t_kept;
    t_kept = nullptr;
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
  if (t_kept != nullptr || t_exiting) {
    delete request;
    return;
  }
  // What the request holds for others goes now; the SRB extension's memory stays for the next request.
  request->data = GuardedBlock();
  request->waiter.reset();
  request->next_completed.reset();
  (void)&t_reaper;  // registers the reaper of this thread before a request is kept
  t_kept = request;
}

RequestPtr new_request(std::size_t srb_extension_size) {
  Request* request = t_kept;
  t_kept = nullptr;
  if (request == nullptr) {
    ++t_allocated;
    request = new Request;
    request->srb_extension = AlignedBlock(srb_extension_size);
    return RequestPtr(request);
  }
  // Every field back to its initial state; the SRB extension's memory is kept when the size is the same.
  AlignedBlock extension = std::move(request->srb_extension);
  *request = Request{};
  if (extension.size() == srb_extension_size) {
    extension.zero();
    request->srb_extension = std::move(extension);
  } else {
    request->srb_extension = AlignedBlock(srb_extension_size);
  }
  return RequestPtr(request);
}

std::uint64_t requests_allocated_by_this_thread() {
  return t_allocated;
}

}  // namespace wmiport::scsiport
