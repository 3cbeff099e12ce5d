# Driver WMI code fuzzed through the whole stack (driver_fuzzer.cpp with the request generator of src/fuzzing):
# samples/wdmdev (WmiLib) and samples/fchba (SCSI miniport + SCSI Port WMI library), each loaded fresh per input.
# Seeds: fuzz/corpus/driver_<sample>_fuzzer, request sequences written by hand (one per minor code, and the
# too-small / exact-size pairs).
if(TARGET wmiport_fuzzing)
  foreach(sample IN ITEMS wdmdev fchba)
    if(NOT TARGET ${sample})
      continue()
    endif()
    set(name driver_${sample}_fuzzer)
    wmiport_add_fuzzer(${name} SOURCES "${CMAKE_CURRENT_SOURCE_DIR}/driver_fuzzer.cpp" LIBS wmiport_fuzzing ${CMAKE_DL_LIBS}
                       SMOKE_SECONDS 10)
    target_compile_definitions(${name} PRIVATE WMIPORT_FUZZ_DRIVER="${PROJECT_BINARY_DIR}/lib/${sample}.so")
    add_dependencies(${name} ${sample})
  endforeach()
  if(TARGET driver_wdmdev_fuzzer)
    target_compile_definitions(driver_wdmdev_fuzzer
                               PRIVATE WMIPORT_FUZZ_MOF="${PROJECT_SOURCE_DIR}/samples/wdmdev/wdmdev.mof")
  endif()
  if(TARGET driver_fchba_fuzzer)
    target_compile_definitions(driver_fchba_fuzzer
                               PRIVATE WMIPORT_FUZZ_MOF="${WMIPORT_SHARED_DIR}/fixtures/mof/SFBDhbaapi.mof")
  endif()
endif()
