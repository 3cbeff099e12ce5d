# SCSI Port WMI library fuzz targets: the request path with a fuzzed miniport, and the port's registration parser.
# Seeds: fuzz/corpus/scsiwmi_dispatch_fuzzer is a merged (-merge=1) corpus of an earlier run;
# fuzz/corpus/scsiwmi_port_reginfo_fuzzer holds the golden result of tests/scsiwmi/reginfo_test.cpp (first byte =
# alignment shift).
if(TARGET wmiport_scsiwmi)
  wmiport_add_fuzzer(scsiwmi_dispatch_fuzzer SOURCES scsiwmi_dispatch_fuzzer.cpp
                     LIBS wmiport_scsiwmi wmiport_wnode SMOKE_SECONDS 10)
  wmiport_add_fuzzer(scsiwmi_port_reginfo_fuzzer SOURCES scsiwmi_port_reginfo_fuzzer.cpp
                     LIBS wmiport_scsiwmi_port SMOKE_SECONDS 10)
endif()
