// The real driver MOFs of ../shared/fixtures/mof compiled once per test binary, for the layout and codec tests.
#pragma once

#include <map>
#include <string>

#include <gtest/gtest.h>

#include "mof/layout/layout.h"
#include "mof/syntax/compiler.h"

namespace wmiport::mof::testing {

inline const char* const kFixtureFiles[] = {"PCIDRV.mof",   "SFBDVMiniport.mof", "SFBDhbaapi.mof",
                                            "classlog.mof", "firefly.mof",       "msdsm.mof",
                                            "msdsmdsm.mof", "toaster.mof",       "wmisamp.mof"};

inline std::string fixture_path(const std::string& file) {
  return std::string(WMIPORT_SHARED_DIR) + "/fixtures/mof/" + file;
}

// The compiled schema of a fixture; fails the calling test when the fixture does not compile.
inline const Schema& fixture(const std::string& file) {
  static std::map<std::string, Schema> cache;
  auto it = cache.find(file);
  if (it == cache.end()) {
    CompileResult result = compile_file(fixture_path(file));
    for (const auto& d : result.diagnostics) {
      if (d.severity == Diagnostic::Severity::error)
        ADD_FAILURE() << to_string(d);
    }
    it = cache.emplace(file, std::move(result.schema)).first;
  }
  return it->second;
}

inline const Class& fixture_class(const std::string& file, std::string_view name) {
  const Class* cls = fixture(file).find_class(name);
  if (!cls) {
    ADD_FAILURE() << name << " not found in " << file;
    static const Class empty;
    return empty;
  }
  return *cls;
}

inline BlockLayout fixture_layout(const std::string& file, std::string_view class_name,
                                  StringMode mode = StringMode::slot) {
  auto layout = layout_class(fixture(file), fixture_class(file, class_name), LayoutOptions{mode});
  if (!layout.ok()) {
    ADD_FAILURE() << layout.error().to_string();
    return {};
  }
  return std::move(layout).value();
}

// The method, looked up across the fixture's classes, with its class.
inline std::pair<const Class*, const Method*> fixture_method(const std::string& file, std::string_view name) {
  for (const auto& cls : fixture(file).classes()) {
    if (const Method* m = cls.find_method(name))
      return {&cls, m};
  }
  ADD_FAILURE() << "method " << name << " not found in " << file;
  return {nullptr, nullptr};
}

inline BlockLayout fixture_method_layout(const std::string& file, std::string_view method, Direction direction,
                                         StringMode mode = StringMode::slot) {
  auto [cls, m] = fixture_method(file, method);
  if (!m)
    return {};
  auto layout = layout_method_parameters(fixture(file), *cls, *m, direction, LayoutOptions{mode});
  if (!layout.ok()) {
    ADD_FAILURE() << layout.error().to_string();
    return {};
  }
  return std::move(layout).value();
}

}  // namespace wmiport::mof::testing
