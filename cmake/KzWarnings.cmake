set(KZ_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes
    -Wmissing-prototypes -Wformat=2 -Wno-unused-parameter)
if(KZ_WERROR)
  list(APPEND KZ_WARNINGS -Werror)
endif()
if(KZ_SANITIZE)
  add_compile_options(-fsanitize=address,undefined
                      -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

option(KZ_COVERAGE "Instrument for line coverage (gcov; make coverage)" OFF)
if(KZ_COVERAGE)
  add_compile_options(--coverage -O0)
  add_link_options(--coverage)
endif()

option(KZ_FUZZ "Build libFuzzer targets (clang)" OFF)
if(KZ_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "KZ_FUZZ needs clang: CC=clang cmake -DKZ_FUZZ=ON ... (Debian packages clang and libclang-rt-14-dev)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined
                      -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
