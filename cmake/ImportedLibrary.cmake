# himnet_import_library(<target> HEADER <header> NAMES <library names...>)
# Finds a C library by one of its headers and its shared library, and makes it an imported
# target; stops with an error that names what is missing.
function(himnet_import_library target)
  cmake_parse_arguments(arg "" "HEADER" "NAMES" ${ARGN})
  string(MAKE_C_IDENTIFIER "${target}" id)
  find_path(${id}_INCLUDE_DIR ${arg_HEADER})
  find_library(${id}_LIBRARY NAMES ${arg_NAMES})
  if(NOT ${id}_INCLUDE_DIR OR NOT ${id}_LIBRARY)
    message(FATAL_ERROR "${target}: header ${arg_HEADER} (${${id}_INCLUDE_DIR}) or library ${arg_NAMES} "
                        "(${${id}_LIBRARY}) not found; run scripts/install-deps.sh or add its prefix to CMAKE_PREFIX_PATH")
  endif()
  add_library(${target} UNKNOWN IMPORTED)
  set_target_properties(${target} PROPERTIES IMPORTED_LOCATION "${${id}_LIBRARY}"
                        INTERFACE_INCLUDE_DIRECTORIES "${${id}_INCLUDE_DIR}")
endfunction()
