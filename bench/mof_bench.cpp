// The MOF toolchain: compiling SFBDhbaapi.mof (beside reading the file), and decoding one
// MSFC_FCAdapterHBAAttributes instance as samples/fchba returns it (beside a memcpy of its bytes).
#include <benchmark/benchmark.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "bench_env.h"
#include "mof/layout/codec.h"
#include "mof/syntax/compiler.h"

namespace wmiport::bench {
namespace {

std::filesystem::path hbaapi_mof() {
  return shared_dir() / "fixtures" / "mof" / "SFBDhbaapi.mof";
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void BM_Mof_CompileHbaapi(benchmark::State& state) {
  for (auto _ : state) {
    auto result = mof::compile_file(hbaapi_mof());
    if (!result.ok())
      fail("SFBDhbaapi.mof does not compile");
    benchmark::DoNotOptimize(result);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(std::filesystem::file_size(hbaapi_mof())) * state.iterations());
  state.SetLabel("compile_file (reads the file too)");
}
BENCHMARK(BM_Mof_CompileHbaapi)->Unit(benchmark::kMicrosecond);

// The limit for compiling: reading the file.
void BM_Mof_ReadFile(benchmark::State& state) {
  for (auto _ : state) {
    auto bytes = read_file(hbaapi_mof());
    benchmark::DoNotOptimize(bytes);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(std::filesystem::file_size(hbaapi_mof())) * state.iterations());
}
BENCHMARK(BM_Mof_ReadFile)->Unit(benchmark::kMicrosecond);

// The instance: its bytes as fchba answers them (queried once through a Host), and the class layout.
struct AdapterAttributes {
  mof::CompileResult compiled;
  mof::BlockLayout layout;
  std::vector<std::uint8_t> data;
};

const AdapterAttributes& adapter_attributes() {
  static AdapterAttributes attributes = [] {
    AdapterAttributes a;
    a.compiled = mof::compile_file(hbaapi_mof());
    const mof::Class* cls = a.compiled.schema.find_class("MSFC_FCAdapterHBAAttributes");
    if (cls == nullptr)
      fail("MSFC_FCAdapterHBAAttributes not in SFBDhbaapi.mof");
    auto layout = mof::layout_class(a.compiled.schema, *cls);
    if (!layout.ok())
      fail("layout of MSFC_FCAdapterHBAAttributes: " + layout.error().to_string());
    a.layout = std::move(layout).value();
    auto driver = env().host->load_driver(std::filesystem::path(WMIPORT_BENCH_FCHBA));
    if (!driver.ok())
      fail("loading fchba: " + driver.error().to_string());
    const auto guid = cls->guid();
    if (!guid)
      fail("MSFC_FCAdapterHBAAttributes has no GUID");
    auto reply = env().host->query_single_instance(*guid, InstanceSelector{0u});
    if (!reply.ok())
      fail("querying fchba: " + reply.error().to_string());
    a.data = reply->instance.data;
    return a;
  }();
  return attributes;
}

void BM_Mof_DecodeAdapterAttributes(benchmark::State& state) {
  const auto& a = adapter_attributes();
  for (auto _ : state) {
    auto object = mof::decode_block(a.layout, Bytes{a.data});
    if (!object.ok())
      fail("decode: " + object.error().to_string());
    benchmark::DoNotOptimize(object);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(a.data.size()) * state.iterations());
}
BENCHMARK(BM_Mof_DecodeAdapterAttributes);

// The limit for decoding: a copy of the instance bytes.
void BM_Mof_MemcpyAdapterAttributes(benchmark::State& state) {
  const auto& a = adapter_attributes();
  std::vector<std::uint8_t> to(a.data.size());
  for (auto _ : state) {
    std::memcpy(to.data(), a.data.data(), a.data.size());
    benchmark::DoNotOptimize(to.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(a.data.size()) * state.iterations());
}
BENCHMARK(BM_Mof_MemcpyAdapterAttributes);

}  // namespace
}  // namespace wmiport::bench
