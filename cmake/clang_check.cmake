# Configure and build the project with clang into BINARY; fail on any warning.
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE} -B ${BINARY} -DCMAKE_C_COMPILER=${CLANG}
  -DCMAKE_CXX_COMPILER=${CLANG}++
  -DGEFLOW_SANITIZER_TESTS=OFF -DGEFLOW_CLANG_CHECK=OFF -DCMAKE_BUILD_TYPE=Debug
  RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "clang configure failed")
endif()
include(ProcessorCount)
ProcessorCount(n)
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BINARY} -j${n} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "clang -Werror build failed")
endif()
