// A request on its way through an adapter (the SRB the miniport sees, its SRB extension and data buffer, what to do
// when the miniport completes it), and where request objects come from: each thread keeps the last one it finished
// with and takes it again for its next request (docs/decisions.md P17), as the WMI core keeps its IRP. The usual
// WMI query runs start to finish on the thread that sent the IRP, so it allocates nothing here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include <wdm.h>

#include <srb.h>

#include "scsiport/guarded_block.h"
#include "scsiport/scsiport.h"

namespace wmiport::scsiport {

class Adapter;
struct WmiDevice;
struct InquiryWaiter;  // adapter_start.cpp

struct UnitAddress {
  UCHAR path_id = 0;
  UCHAR target_id = 0;
  UCHAR lun = 0;
  friend auto operator<=>(const UnitAddress&, const UnitAddress&) = default;
};
// The queue key of adapter requests (WMI requests for the adapter itself).
inline constexpr UnitAddress kAdapterUnit{SP_UNTAGGED, 0, 0};

// Memory the port hands the miniport: zeroed, 16-byte aligned.
class AlignedBlock {
 public:
  AlignedBlock() = default;
  explicit AlignedBlock(std::size_t size);
  void* get() const { return size_ == 0 ? nullptr : storage_.get(); }
  std::size_t size() const { return size_; }
  void zero();  // the whole block again, for the next user

 private:
  std::unique_ptr<std::max_align_t[]> storage_;
  std::size_t size_ = 0;
};

struct Request;
// Deleting a request hands it back to the thread's keeping (or frees it when the thread keeps one already).
struct RequestRelease {
  void operator()(Request* request) const noexcept;
};
using RequestPtr = std::unique_ptr<Request, RequestRelease>;
// What runs when the miniport completed the request (outside the adapter lock). A plain function: what it needs
// travels in the request itself, so no closure is allocated per request.
using CompletionRoutine = void (*)(RequestPtr done);

// A field added here is reset in new_request (request.cpp), which brings a kept request back to this state.
struct Request {
  SCSI_REQUEST_BLOCK srb{};
  AlignedBlock srb_extension;  // SrbExtensionSize bytes, zeroed for every request
  GuardedBlock data;           // the SRB's DataBuffer when the port owns it (INQUIRY, REGINFO, bounce buffers)
  bool data_overrun = false;   // the miniport wrote outside `data` (reported; the request's result is refused)
  UnitAddress unit;
  CompletionRoutine on_complete = nullptr;
  // What on_complete needs, filled by whoever built the request.
  Adapter* adapter = nullptr;
  WmiDevice* device = nullptr;
  PIRP irp = nullptr;                     // the WMI IRP answered by this SRB
  bool bounce = false;                    // WMI: data is a bounce copy of the IRP's unaligned buffer
  bool dynamic_names = false;             // WMI: the block names its instances dynamically
  bool retried = false;                   // REGINFO: this is the second, larger try
  std::shared_ptr<InquiryWaiter> waiter;  // INQUIRY: who waits for the answer
  // The adapter tick (one a second) at which the request times out; set when HwStartIo gets it (never for
  // TimeOutValue 0). Once reached, the port resets the bus; reached again after the reset, it gives the request up
  // (docs/decisions.md P16).
  std::uint64_t deadline_tick = UINT64_MAX;
  bool reset_sent = false;
  // The port gave the request up (timeout) while the miniport still holds its SRB: once its originator is done
  // with it, it goes to the adapter (Adapter::park_abandoned) instead of being kept or freed, so that the
  // miniport's later accesses stay valid and its late completion is recognised and reported.
  bool abandoned = false;
  RequestPtr next_completed;  // link of Adapter::Notes' list of completed requests
};

// A request in its initial state with a zeroed SRB extension of `srb_extension_size` bytes: this thread's kept
// request when it has one, else a new one.
RequestPtr new_request(std::size_t srb_extension_size);

}  // namespace wmiport::scsiport
