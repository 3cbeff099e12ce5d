# cmake -DCC=<compiler> -DNM=<nm> -DOUT=<object> -DFLAGS=<;-list> -DSOURCES=<;-list> -P check_library_imports.cmake
cmake_policy(SET CMP0057 NEW)  # IN_LIST
# Links the library sources into one relocatable object and fails unless everything it still needs from outside is
# on the allowed list: memcpy/memset (the only libc it may use; compilers may emit them for struct copies too),
# ScsiPortNotification (the port driver) and the weak violation sink.
execute_process(COMMAND ${CC} ${FLAGS} -O2 -r -nostdlib -o ${OUT} ${SOURCES} RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "compiling the library failed: ${err}")
endif()
execute_process(COMMAND ${NM} -u ${OUT} OUTPUT_VARIABLE undefined RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "nm failed")
endif()
set(allowed memcpy memset ScsiPortNotification WmiPortScsiWmiContractViolation _GLOBAL_OFFSET_TABLE_)
string(REPLACE "\n" ";" lines "${undefined}")
foreach(line IN LISTS lines)
  string(STRIP "${line}" line)
  if(line STREQUAL "")
    continue()
  endif()
  string(REGEX REPLACE "^[A-Za-z] +" "" symbol "${line}")
  if(NOT symbol IN_LIST allowed)
    message(FATAL_ERROR "the library imports '${symbol}', which is not on the allowed list (${allowed})")
  endif()
endforeach()
message(STATUS "library imports: ${undefined}")
