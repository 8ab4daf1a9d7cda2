# Compiler settings every first-party target links PRIVATE (as ccache does).
add_library(bakery_settings INTERFACE)
target_compile_options(bakery_settings INTERFACE
  -Wall -Wextra -Wshadow -Wnon-virtual-dtor -Wpedantic -Wno-missing-field-initializers)
if(BAKERY_WARNINGS_AS_ERRORS)
  target_compile_options(bakery_settings INTERFACE -Werror)
endif()
if(BAKERY_SANITIZERS)
  string(REPLACE ";" "," _san "${BAKERY_SANITIZERS}")
  target_compile_options(bakery_settings INTERFACE -fsanitize=${_san} -fno-omit-frame-pointer
                         -fno-sanitize-recover=all)
  target_link_options(bakery_settings INTERFACE -fsanitize=${_san})
endif()
target_include_directories(bakery_settings INTERFACE ${CMAKE_SOURCE_DIR} ${CMAKE_BINARY_DIR}/generated)
