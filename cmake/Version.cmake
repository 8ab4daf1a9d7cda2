# The version comes from `git describe` at build time: a target re-runs
# write_version.cmake on every build and it rewrites version.cc only on change.
add_custom_target(bakery_version_file
  COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${CMAKE_SOURCE_DIR}
          -DOUTPUT=${CMAKE_BINARY_DIR}/generated/bakery_version.cc
          -DFALLBACK=${PROJECT_VERSION}
          -P ${CMAKE_SOURCE_DIR}/cmake/write_version.cmake
  BYPRODUCTS ${CMAKE_BINARY_DIR}/generated/bakery_version.cc
  COMMENT "" VERBATIM)
execute_process(COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${CMAKE_SOURCE_DIR}
  -DOUTPUT=${CMAKE_BINARY_DIR}/generated/bakery_version.cc -DFALLBACK=${PROJECT_VERSION}
  -P ${CMAKE_SOURCE_DIR}/cmake/write_version.cmake)
