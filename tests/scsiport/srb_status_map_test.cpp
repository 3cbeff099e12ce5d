// The SRB status -> NTSTATUS mapping of a completed WMI SRB, row by row (docs/decisions.md, "SRB status mapping").
#include "scsiport/srb_status_map.h"

#include <gtest/gtest.h>

#include <srb.h>

namespace wmiport::scsiport {
namespace {

struct Row {
  const char* name;
  WmiSrbOutcome outcome;
  NTSTATUS status;
  ULONG_PTR information;
  bool contract_broken;
};

constexpr UCHAR kQueryAll = IRP_MN_QUERY_ALL_DATA;
constexpr UCHAR kQueryOne = IRP_MN_QUERY_SINGLE_INSTANCE;
constexpr UCHAR kChange = IRP_MN_CHANGE_SINGLE_INSTANCE;
constexpr UCHAR kItem = IRP_MN_CHANGE_SINGLE_ITEM;
constexpr UCHAR kMethod = IRP_MN_EXECUTE_METHOD;
constexpr UCHAR kEnable = IRP_MN_ENABLE_EVENTS;

const Row kRows[] = {
    {"success with a reply", {kQueryAll, SRB_STATUS_SUCCESS, 80, 4096, false}, STATUS_SUCCESS, 80, false},
    {"success: WNODE_TOO_SMALL", {kQueryOne, SRB_STATUS_SUCCESS, 56, 100, false}, STATUS_SUCCESS, 56, false},
    {"success of a change", {kChange, SRB_STATUS_SUCCESS, 0, 80, false}, STATUS_SUCCESS, 0, false},
    {"success with flag bits",
     {kQueryAll, SRB_STATUS_SUCCESS | SRB_STATUS_AUTOSENSE_VALID, 64, 64, false},
     STATUS_SUCCESS,
     64,
     false},
    {"success past the buffer",
     {kQueryAll, SRB_STATUS_SUCCESS, 200, 100, false},
     STATUS_DRIVER_INTERNAL_ERROR,
     0,
     true},
    {"completed while pending", {kQueryAll, SRB_STATUS_PENDING, 0, 100, false}, STATUS_DRIVER_INTERNAL_ERROR, 0, true},
    {"overrun below 56 bytes", {kQueryAll, SRB_STATUS_DATA_OVERRUN, 0, 40, false}, STATUS_BUFFER_TOO_SMALL, 0, false},
    {"error on a change", {kChange, SRB_STATUS_ERROR, 0, 80, false}, STATUS_WMI_SET_FAILURE, 0, false},
    {"error on an item", {kItem, SRB_STATUS_ERROR, 0, 80, false}, STATUS_WMI_SET_FAILURE, 0, false},
    {"error on a static query", {kQueryOne, SRB_STATUS_ERROR, 0, 80, false}, STATUS_UNSUCCESSFUL, 0, false},
    {"error on a dynamic query", {kQueryOne, SRB_STATUS_ERROR, 0, 80, true}, STATUS_WMI_INSTANCE_NOT_FOUND, 0, false},
    {"error on a dynamic method", {kMethod, SRB_STATUS_ERROR, 0, 80, true}, STATUS_WMI_INSTANCE_NOT_FOUND, 0, false},
    {"error on a dynamic all-data", {kQueryAll, SRB_STATUS_ERROR, 0, 80, true}, STATUS_UNSUCCESSFUL, 0, false},
    {"error on enable", {kEnable, SRB_STATUS_ERROR, 0, 0, false}, STATUS_UNSUCCESSFUL, 0, false},
    {"invalid request", {kQueryAll, SRB_STATUS_INVALID_REQUEST, 0, 80, false}, STATUS_INVALID_DEVICE_REQUEST, 0, false},
    {"bad function", {kQueryAll, SRB_STATUS_BAD_FUNCTION, 0, 80, false}, STATUS_INVALID_DEVICE_REQUEST, 0, false},
    {"busy", {kQueryAll, SRB_STATUS_BUSY, 0, 80, false}, STATUS_DEVICE_BUSY, 0, false},
    {"timeout", {kQueryAll, SRB_STATUS_TIMEOUT, 0, 80, false}, STATUS_IO_TIMEOUT, 0, false},
    {"selection timeout", {kQueryAll, SRB_STATUS_SELECTION_TIMEOUT, 0, 80, false}, STATUS_IO_TIMEOUT, 0, false},
    {"no device", {kQueryAll, SRB_STATUS_NO_DEVICE, 0, 80, false}, STATUS_NO_SUCH_DEVICE, 0, false},
    {"invalid lun", {kQueryAll, SRB_STATUS_INVALID_LUN, 0, 80, false}, STATUS_NO_SUCH_DEVICE, 0, false},
    {"aborted", {kQueryAll, SRB_STATUS_ABORTED, 0, 80, false}, STATUS_CANCELLED, 0, false},
    {"flushed", {kQueryAll, SRB_STATUS_REQUEST_FLUSHED, 0, 80, false}, STATUS_CANCELLED, 0, false},
    {"no resources",
     {kQueryAll, SRB_STATUS_INSUFFICIENT_RESOURCES, 0, 80, false},
     STATUS_INSUFFICIENT_RESOURCES,
     0,
     false},
    {"not powered", {kQueryAll, SRB_STATUS_NOT_POWERED, 0, 80, false}, STATUS_DEVICE_NOT_READY, 0, false},
    {"bus reset", {kQueryAll, SRB_STATUS_BUS_RESET, 0, 80, false}, STATUS_IO_DEVICE_ERROR, 0, false},
    {"internal error", {kQueryAll, SRB_STATUS_INTERNAL_ERROR, 0, 80, false}, STATUS_IO_DEVICE_ERROR, 0, false},
};

TEST(SrbStatusMapTest, EveryRow) {
  for (const auto& row : kRows) {
    SCOPED_TRACE(row.name);
    const WmiCompletion got = map_wmi_srb_status(row.outcome);
    EXPECT_EQ(got.status, row.status);
    EXPECT_EQ(got.information, row.information);
    EXPECT_EQ(got.contract_broken, row.contract_broken);
    // Information is only ever reported with success.
    if (!NT_SUCCESS(got.status)) {
      EXPECT_EQ(got.information, 0u);
    }
  }
}

}  // namespace
}  // namespace wmiport::scsiport
