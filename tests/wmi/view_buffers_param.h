// The buffers a QUERY_ALL_DATA view can have drivers write into (wmi::WmiCore::ViewBuffers), as the parameter of
// the view tests in tests/wmi and tests/verifier, with the names their instantiations print.
#pragma once

#include <string>

#include <gtest/gtest.h>

#include "wmi/wmi_core.h"

namespace wmiport::test {

inline auto every_view_buffers() {
  using ViewBuffers = wmi::WmiCore::ViewBuffers;
  return ::testing::Values(ViewBuffers::zeroed_slot, ViewBuffers::slot, ViewBuffers::pool_copy);
}

inline std::string view_buffers_name(const ::testing::TestParamInfo<wmi::WmiCore::ViewBuffers>& info) {
  switch (info.param) {
    case wmi::WmiCore::ViewBuffers::zeroed_slot:
      return "CallerBufferZeroed";
    case wmi::WmiCore::ViewBuffers::slot:
      return "CallerBuffer";
    default:
      return "PoolBufferCopied";
  }
}

}  // namespace wmiport::test
