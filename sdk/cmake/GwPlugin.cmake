# gw_add_plugin(<target> ID <reverse-dns id> VERSION <x.y.z> SOURCES <files...>
#               [KIND provider|payment] [OUTPUT_DIR <dir>] [LIBRARIES <libs...>])
#
# Builds a loadable plugin the way the host expects it: a MODULE library named <target>.so with
# hidden visibility, only gw_plugin_entry_v1 exported (linker version script), no undefined
# symbols, and an XML manifest <target>.xml beside it carrying the library's sha256.
set(GW_SDK_CMAKE_DIR "${CMAKE_CURRENT_LIST_DIR}" CACHE INTERNAL "gw sdk cmake dir")
if(NOT GW_SDK_INCLUDE_DIR)
  set(GW_SDK_INCLUDE_DIR "${CMAKE_CURRENT_LIST_DIR}/../include")
endif()
file(READ "${GW_SDK_INCLUDE_DIR}/gw/abi/version.h" _gw_version_h)
string(REGEX MATCH "#define GW_ABI_MAJOR ([0-9]+)" _ "${_gw_version_h}")
set(_gw_major "${CMAKE_MATCH_1}")
string(REGEX MATCH "#define GW_ABI_MINOR ([0-9]+)" _ "${_gw_version_h}")
set(_gw_minor "${CMAKE_MATCH_1}")
string(REGEX MATCH "#define GW_ABI_PATCH ([0-9]+)" _ "${_gw_version_h}")
set(GW_ABI_VERSION_STRING "${_gw_major}.${_gw_minor}.${CMAKE_MATCH_1}" CACHE INTERNAL "")
set(GW_ABI_MM "${_gw_major}.${_gw_minor}" CACHE INTERNAL "")

function(gw_add_plugin target)
  cmake_parse_arguments(GW "" "ID;VERSION;KIND;OUTPUT_DIR" "SOURCES;LIBRARIES" ${ARGN})
  if(NOT GW_ID OR NOT GW_VERSION OR NOT GW_SOURCES)
    message(FATAL_ERROR "gw_add_plugin(${target}): ID, VERSION and SOURCES are required")
  endif()
  if(NOT GW_KIND)
    set(GW_KIND provider)
  endif()
  if(NOT GW_OUTPUT_DIR)
    if(GW_PLUGIN_OUTPUT_DIR)
      set(GW_OUTPUT_DIR "${GW_PLUGIN_OUTPUT_DIR}")
    else()
      set(GW_OUTPUT_DIR "${CMAKE_BINARY_DIR}/plugins")
    endif()
  endif()

  add_library(${target} MODULE ${GW_SOURCES})
  target_link_libraries(${target} PRIVATE GwSdk::sdk ${GW_LIBRARIES})
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    C_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    POSITION_INDEPENDENT_CODE ON
    LIBRARY_OUTPUT_DIRECTORY "${GW_OUTPUT_DIR}")
  target_link_options(${target} PRIVATE
    "-Wl,--version-script=${GW_SDK_CMAKE_DIR}/plugin.map" "-Wl,--no-undefined")
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS "${GW_SDK_CMAKE_DIR}/plugin.map")

  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${CMAKE_COMMAND} -DLIB=$<TARGET_FILE:${target}> -DOUT=${GW_OUTPUT_DIR}/${target}.xml
            -DID=${GW_ID} -DVERSION=${GW_VERSION} -DKIND=${GW_KIND}
            -DABI=${GW_ABI_MM}
            -P "${GW_SDK_CMAKE_DIR}/gw_write_manifest.cmake"
    VERBATIM)
endfunction()

# gw_add_conformance_test(<plugin target> FIXTURES <dir>)
#
# Adds a ctest `<target>_conformance` that runs the SDK's conformance runner on the built plugin
# with the recorded fixtures in <dir> (see conformance/gw_conformance.cpp for their format).
# Needs nlohmann_json (Debian: nlohmann-json3-dev), OpenSSL (libssl-dev) and GTest-free C++17.
function(gw_add_conformance_test target)
  cmake_parse_arguments(GW "" "FIXTURES" "" ${ARGN})
  if(NOT GW_FIXTURES)
    message(FATAL_ERROR "gw_add_conformance_test(${target}): FIXTURES is required")
  endif()
  find_package(nlohmann_json 3 REQUIRED)
  find_package(Threads REQUIRED)
  find_package(OpenSSL REQUIRED COMPONENTS Crypto)  # the fake host's digest and HMAC (payment plugins)
  set(runner "${GW_SDK_CMAKE_DIR}/conformance/gw_conformance.cpp")
  if(NOT EXISTS "${runner}")
    set(runner "${GW_SDK_CMAKE_DIR}/../conformance/gw_conformance.cpp")  # the SDK's source tree
  endif()
  add_executable(${target}_conformance "${runner}")
  target_link_libraries(${target}_conformance PRIVATE GwSdk::sdk nlohmann_json::nlohmann_json Threads::Threads
                                                      OpenSSL::Crypto ${CMAKE_DL_LIBS})
  add_dependencies(${target}_conformance ${target})
  add_test(NAME ${target}_conformance COMMAND ${target}_conformance $<TARGET_FILE:${target}> "${GW_FIXTURES}")
endfunction()
