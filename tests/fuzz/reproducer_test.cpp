// Reproducer files (src/cli/fuzz_reproducer.h): what `wmiport fuzz` writes, `wmiport replay` reads back
// unchanged; anything else is refused with a clear error.
#include <gtest/gtest.h>

#include "cli/fuzz_reproducer.h"

namespace wmiport::cli {
namespace {

TEST(FuzzReproducerTest, WrittenReproducersReadBackUnchanged) {
  fuzzing::FuzzRequest by_index;
  by_index.op = fuzzing::RequestOp::execute_method;
  by_index.guid = Guid::parse("{5c0ffee0-9a1b-4c2d-8e3f-a0b1c2d3e4f5}").value();
  by_index.provider = 3;
  by_index.instance = std::uint32_t{2};
  by_index.method_id = 7;
  by_index.buffer_size = 95;
  by_index.input = {0x00, 0x7f, 0xff};
  fuzzing::FuzzRequest by_name;
  by_name.op = fuzzing::RequestOp::set_item;
  by_name.guid = by_index.guid;
  by_name.instance = std::u16string(u"ROOT\\WMIPORT\\0000_0");
  by_name.item_id = 4;
  by_name.via_core = true;
  Reproducer written{
      "/x/driver.so", {{"crash", "sanitizer", "SUMMARY: AddressSanitizer: heap-buffer-overflow"}}, {by_index, by_name}};

  auto read = read_reproducer(write_reproducer(written));
  ASSERT_TRUE(read.ok()) << read.error().to_string();
  EXPECT_EQ(read->driver, "/x/driver.so");
  ASSERT_EQ(read->findings.size(), 1u);
  EXPECT_EQ(read->findings[0].rule, "sanitizer");
  EXPECT_EQ(read->findings[0].message, "SUMMARY: AddressSanitizer: heap-buffer-overflow");
  ASSERT_EQ(read->requests.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    const auto& a = written.requests[i];
    const auto& b = read->requests[i];
    EXPECT_EQ(a.op, b.op);
    EXPECT_EQ(a.guid, b.guid);
    EXPECT_EQ(a.provider, b.provider);
    EXPECT_EQ(a.instance, b.instance);
    EXPECT_EQ(a.item_id, b.item_id);
    EXPECT_EQ(a.method_id, b.method_id);
    EXPECT_EQ(a.buffer_size, b.buffer_size);
    EXPECT_EQ(a.via_core, b.via_core);
    EXPECT_EQ(a.input, b.input);
  }
}

TEST(FuzzReproducerTest, MalformedFilesAreRefused) {
  EXPECT_FALSE(read_reproducer("not json").ok());
  EXPECT_FALSE(read_reproducer(R"({"format": "wmiport-fuzz-reproducer", "version": 2, "requests": []})").ok());
  auto missing = read_reproducer(R"({"format": "wmiport-fuzz-reproducer", "version": 1})");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message().find("malformed reproducer"), std::string::npos);
  auto bad_op = read_reproducer(
      R"({"format": "wmiport-fuzz-reproducer", "version": 1, "requests": [{"op": "reboot", "guid": "{5c0ffee0-9a1b-4c2d-8e3f-a0b1c2d3e4f5}", "instance": 0, "buffer_size": 1}]})");
  ASSERT_FALSE(bad_op.ok());
  EXPECT_NE(bad_op.error().message().find("unknown op \"reboot\""), std::string::npos);
  auto bad_hex = read_reproducer(
      R"({"format": "wmiport-fuzz-reproducer", "version": 1, "requests": [{"op": "set_item", "guid": "{5c0ffee0-9a1b-4c2d-8e3f-a0b1c2d3e4f5}", "instance": 0, "buffer_size": 1, "input": "abc"}]})");
  EXPECT_FALSE(bad_hex.ok());
}

}  // namespace
}  // namespace wmiport::cli
