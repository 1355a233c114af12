# Turns resources/presets/*.json into a C++ table, so that the Qt-free engine and the CLI
# carry the paper's hyperparameters without reading files at run time.
file(GLOB preset_files "${PRESET_DIR}/*.json")
list(SORT preset_files)
set(entries "")
foreach(file ${preset_files})
  get_filename_component(name "${file}" NAME_WE)
  file(READ "${file}" content)
  string(APPEND entries "    {\"${name}\", R\"json(${content})json\"},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp" "// Generated from resources/presets by embed_presets.cmake. Do not edit.\n#include \"train/presets_table.h\"\nnamespace himnet {\nconst std::vector<std::pair<const char*, const char*>> kPresetTable = {\n${entries}};\n}\n")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUTPUT}.tmp" "${OUTPUT}")
