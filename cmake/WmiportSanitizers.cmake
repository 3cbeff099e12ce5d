# WMIPORT_SANITIZE applies to everything built, so that a driver loaded into a sanitized host is checked too.
if(WMIPORT_SANITIZE)
  add_compile_options(-fsanitize=${WMIPORT_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${WMIPORT_SANITIZE})
endif()
if(WMIPORT_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "WMIPORT_FUZZ needs clang (use the fuzz preset)")
  endif()
  # Coverage instrumentation everywhere; only the fuzz targets link the libFuzzer main.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
