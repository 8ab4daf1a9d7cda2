# Every third-party library behind one dep_* target, so version quirks live here.
find_package(PkgConfig REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(fmt REQUIRED)
find_package(CLI11 REQUIRED)
find_package(GTest REQUIRED)
pkg_check_modules(LIBGIT2 REQUIRED libgit2)
pkg_check_modules(PUGIXML REQUIRED IMPORTED_TARGET pugixml)
pkg_check_modules(YAMLCPP REQUIRED IMPORTED_TARGET yaml-cpp)
pkg_check_modules(LIBSSH REQUIRED IMPORTED_TARGET libssh)

add_library(dep_pugixml INTERFACE)
target_link_libraries(dep_pugixml INTERFACE PkgConfig::PUGIXML)
add_library(dep_yamlcpp INTERFACE)
target_link_libraries(dep_yamlcpp INTERFACE PkgConfig::YAMLCPP)
add_library(dep_libssh INTERFACE)
target_link_libraries(dep_libssh INTERFACE PkgConfig::LIBSSH)

# libcrypto, libssl and libgit2 are loaded when first used, not linked (see
# common/base/shared_library.h), by the soname of the very libraries whose
# headers the build compiles against.
function(bakery_soname variable library)
  get_filename_component(real "${library}" REALPATH)
  find_program(BAKERY_READELF NAMES readelf REQUIRED)
  execute_process(COMMAND "${BAKERY_READELF}" -d "${real}" OUTPUT_VARIABLE dynamic
                  RESULT_VARIABLE status)
  if(NOT status EQUAL 0 OR NOT dynamic MATCHES "Library soname: \\[([^]]+)\\]")
    message(FATAL_ERROR "bakery: no soname in ${real} (readelf -d)")
  endif()
  set(${variable} "${CMAKE_MATCH_1}" PARENT_SCOPE)
endfunction()
bakery_soname(BAKERY_LIBSSL_SONAME "${OPENSSL_SSL_LIBRARY}")
bakery_soname(BAKERY_LIBCRYPTO_SONAME "${OPENSSL_CRYPTO_LIBRARY}")
find_library(BAKERY_LIBGIT2_LIBRARY NAMES git2 HINTS ${LIBGIT2_LIBRARY_DIRS} REQUIRED)
bakery_soname(BAKERY_LIBGIT2_SONAME "${BAKERY_LIBGIT2_LIBRARY}")
add_library(dep_runtime_loaded INTERFACE)
target_include_directories(dep_runtime_loaded INTERFACE
                           ${OPENSSL_INCLUDE_DIR} ${LIBGIT2_INCLUDE_DIRS})
target_compile_definitions(dep_runtime_loaded INTERFACE
                           BAKERY_LIBSSL_SONAME="${BAKERY_LIBSSL_SONAME}"
                           BAKERY_LIBCRYPTO_SONAME="${BAKERY_LIBCRYPTO_SONAME}"
                           BAKERY_LIBGIT2_SONAME="${BAKERY_LIBGIT2_SONAME}")
target_link_libraries(dep_runtime_loaded INTERFACE ${CMAKE_DL_LIBS})

find_package(benchmark QUIET)
find_package(Python3 REQUIRED COMPONENTS Interpreter)
