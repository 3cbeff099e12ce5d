# wmiport_add_driver(name SOURCES file.c... [MOF file.mof] [LINK lib...])
#
# Builds a driver the way the WDK builds a .sys: C11 code compiled against include/wdk, with -fshort-wchar so that
# L"..." literals are 16-bit WCHAR strings, into a loadable shared object lib/<name>.so exporting DriverEntry.
# The driver is NOT linked against the runtime: its kernel imports resolve when the host (which links
# libwmiport_runtime.so) dlopens it. LINK adds static libraries a driver carries inside it (as a miniport links
# scsiwmi.lib). MOF names the driver's schema; it is recorded on the target (property WMIPORT_MOF) and attached
# to the image by a later issue.
set(WMIPORT_WDK_INCLUDE_DIR "${CMAKE_CURRENT_LIST_DIR}/../include/wdk" CACHE INTERNAL "include/wdk")

function(wmiport_add_driver name)
  cmake_parse_arguments(ARG "" "MOF" "SOURCES;LINK" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "wmiport_add_driver(${name}): SOURCES is required")
  endif()
  add_library(${name} MODULE ${ARG_SOURCES})
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    SUFFIX ".so"
    LIBRARY_OUTPUT_DIRECTORY "${PROJECT_BINARY_DIR}/lib"
    C_STANDARD 11
    C_STANDARD_REQUIRED ON
    C_EXTENSIONS OFF
    POSITION_INDEPENDENT_CODE ON)
  target_include_directories(${name} PRIVATE "${WMIPORT_WDK_INCLUDE_DIR}")
  # Pool tags are multi-character constants ('pmiW') in driver code.
  target_compile_options(${name} PRIVATE $<$<COMPILE_LANGUAGE:C>:-fshort-wchar> -Wno-multichar)
  if(ARG_LINK)
    target_link_libraries(${name} PRIVATE ${ARG_LINK})
  endif()
  if(ARG_MOF)
    get_filename_component(mof "${ARG_MOF}" ABSOLUTE)
    set_property(TARGET ${name} PROPERTY WMIPORT_MOF "${mof}")
  endif()
endfunction()
