# The readers of the files users bring (engine/src/data and what they need): tables, workbooks,
# NumPy arrays, pickled road graphs, PeMS station files, times, dataset manifests, holiday
# files, and what attaches locations, road graphs and zones to a series. They need neither
# LibTorch nor HDF5, only libcsv, libzip, expat, zlib and Boost's headers, so the fuzz targets
# (tests/fuzz) build them on their own with clang. Paths relative to engine/.
set(HIMNET_READER_SOURCES
  src/core/errors.cpp
  src/core/text.cpp
  src/core/utf8.cpp
  src/data/blocks_on_threads.cpp
  src/data/dataset.cpp
  src/data/dataset_attachments.cpp
  src/data/dataset_manifest.cpp
  src/data/graph_pickle.cpp
  src/data/holidays.cpp
  src/data/long_table.cpp
  src/data/npy_array.cpp
  src/data/pems_station_files.cpp
  src/data/python_pickle.cpp
  src/data/road_graph.cpp
  src/data/series_readers.cpp
  src/data/text_decoding.cpp
  src/data/text_table.cpp
  src/data/time_axis.cpp
  src/data/time_grid.cpp
  src/data/wide_table.cpp
  src/data/xlsx_sheet.cpp
  src/data/zip_archive.cpp
)
