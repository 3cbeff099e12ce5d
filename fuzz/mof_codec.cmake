# The WMI data-block decoder/encoder (src/mof/layout): arbitrary bytes against fixed layouts, round-trip checked.
wmiport_add_fuzzer(mof_codec_fuzzer
  SOURCES "${CMAKE_CURRENT_SOURCE_DIR}/mof_codec_fuzzer.cpp"
  LIBS wmiport_mof_layout
  SMOKE_SECONDS 15)
