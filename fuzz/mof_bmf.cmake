# The binary MOF decoder (src/mof/bmf): decode arbitrary bytes; what decodes must round-trip through the encoder.
wmiport_add_fuzzer(mof_bmf_fuzzer SOURCES "${CMAKE_CURRENT_SOURCE_DIR}/mof_bmf_fuzzer.cpp" LIBS wmiport_mof_bmf
                   SMOKE_SECONDS 15)
