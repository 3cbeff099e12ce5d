# The text MOF compiler (src/mof/syntax): arbitrary bytes, small limits, includes only from memory.
wmiport_add_fuzzer(mof_syntax_fuzzer SOURCES "${CMAKE_CURRENT_SOURCE_DIR}/mof_syntax_fuzzer.cpp"
                   LIBS wmiport_mof_syntax SMOKE_SECONDS 15)
