# bakery_add_tests(<target> <sources...>): one gtest binary, each TEST a ctest entry.
function(bakery_add_tests target)
  if(NOT BUILD_TESTING OR NOT ARGN)
    return()
  endif()
  add_executable(${target} ${ARGN})
  target_link_libraries(${target} PRIVATE bakery_testing bakery_settings GTest::gmock GTest::gtest_main)
  target_compile_definitions(${target} PRIVATE BAKERY_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
  gtest_discover_tests(${target} DISCOVERY_TIMEOUT 60
    PROPERTIES ENVIRONMENT "BAKERY_SOURCE_DIR=${CMAKE_SOURCE_DIR};BAKERY_BINARY_DIR=${CMAKE_BINARY_DIR}")
endfunction()

# bakery_add_step(<name>): steps/<name>/ holds main.cc, the step library
# (every other .cc) and its *_test.cc. Produces bakery-<name> (underscores
# become dashes: test_launch -> bakery-test-launch) and bakery_step_<name>.
function(bakery_add_step name)
  set(dir ${CMAKE_CURRENT_SOURCE_DIR}/${name})
  file(GLOB lib_sources CONFIGURE_DEPENDS ${dir}/*.cc)
  file(GLOB test_sources CONFIGURE_DEPENDS ${dir}/*_test.cc)
  list(REMOVE_ITEM lib_sources ${test_sources} ${dir}/main.cc)
  set(ident ${name})
  string(REPLACE "_" "-" exe ${name})
  add_library(bakery_step_${ident} STATIC ${lib_sources})
  target_link_libraries(bakery_step_${ident} PUBLIC bakery_common PRIVATE bakery_settings)
  add_executable(bakery-${exe} ${dir}/main.cc)
  target_link_libraries(bakery-${exe} PRIVATE bakery_step_${ident} bakery_settings)
  set_target_properties(bakery-${exe} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bin)
  bakery_add_tests(bakery_step_${ident}_test ${test_sources})
  if(TARGET bakery_step_${ident}_test)
    target_link_libraries(bakery_step_${ident}_test PRIVATE bakery_step_${ident})
  endif()
  set_property(GLOBAL APPEND PROPERTY BAKERY_STEPS bakery-${exe})
endfunction()

# bakery_add_suite_subdirectories(): add_subdirectory() for every child folder
# of the current one that has its own CMakeLists.txt (test suites plug in).
function(bakery_add_suite_subdirectories)
  file(GLOB children LIST_DIRECTORIES true CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*)
  foreach(child ${children})
    if(IS_DIRECTORY ${child} AND EXISTS ${child}/CMakeLists.txt)
      add_subdirectory(${child})
    endif()
  endforeach()
endfunction()
