# WNODE codec fuzz targets: one per parser, each checking the build/parse round trip of whatever it accepts.
# Seeds (fuzz/corpus/<target>/) are the golden buffers of tests/wnode; regenerate them with
#   WMIPORT_WRITE_FUZZ_SEEDS=fuzz/corpus build/asan/bin/wnode_test --gtest_filter='FuzzSeeds.*'
foreach(parser IN ITEMS all_data single_instance single_item method_item event_item event_reference too_small any
                        reginfo)
  wmiport_add_fuzzer(wnode_${parser}_fuzzer SOURCES wnode_${parser}_fuzzer.cpp LIBS wmiport_wnode SMOKE_SECONDS 10)
endforeach()
