# What the LibTorch that find_package(Torch) found needs from us, and what it offers.
#
# - HIMNET_TORCH_VERSION: its version (TorchConfigVersion.cmake, else torch/version.h).
# - The C++ standard: C++17, or C++20 for LibTorch 2.13 and later, whose headers refuse
#   anything older. A -DCMAKE_CXX_STANDARD=... on the command line wins.
# - HIMNET_TORCH_HAS_CUDA: ON when this LibTorch was built with CUDA (an official CUDA
#   LibTorch or python3's torch); the engine then reads the CUDA allocator's statistics.
# - The C++ string ABI: a LibTorch built with the pre-C++11 ABI (_GLIBCXX_USE_CXX11_ABI=0:
#   the "Pre-cxx11 ABI" LibTorch downloads, python3's torch before 2.7) compiles every file
#   that uses it with that ABI, and such code cannot link with HDF5's C++ library as Debian
#   builds it. Say so here, not in a page of undefined references to H5::H5File.
# - Installed programs find a LibTorch outside the system's library folders (an official
#   CUDA LibTorch given by CMAKE_PREFIX_PATH): `cmake --install` keeps the path it linked
#   against as the programs' RPATH instead of dropping it.

set(CMAKE_INSTALL_RPATH_USE_LINK_PATH ON)

set(HIMNET_TORCH_VERSION "${Torch_VERSION}")
if(NOT HIMNET_TORCH_VERSION)
  foreach(dir IN LISTS TORCH_INCLUDE_DIRS)
    if(EXISTS "${dir}/torch/csrc/api/include/torch/version.h")
      file(STRINGS "${dir}/torch/csrc/api/include/torch/version.h" version_lines
           REGEX "#define TORCH_VERSION_(MAJOR|MINOR|PATCH) ")
      string(REGEX REPLACE ".*MAJOR ([0-9]+).*MINOR ([0-9]+).*PATCH ([0-9]+).*" "\\1.\\2.\\3"
             HIMNET_TORCH_VERSION "${version_lines}")
      break()
    endif()
  endforeach()
endif()

if(NOT CMAKE_CXX_STANDARD)
  if(HIMNET_TORCH_VERSION VERSION_GREATER_EQUAL 2.13)
    set(CMAKE_CXX_STANDARD 20)
  else()
    set(CMAKE_CXX_STANDARD 17)
  endif()
endif()
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)

if(TORCH_CUDA_LIBRARIES OR TARGET torch_cuda OR TARGET c10_cuda)
  set(HIMNET_TORCH_HAS_CUDA ON)
else()
  set(HIMNET_TORCH_HAS_CUDA OFF)
endif()
if("${TORCH_CXX_FLAGS}" MATCHES "_GLIBCXX_USE_CXX11_ABI=0")
  message(FATAL_ERROR
    "The LibTorch found at ${Torch_DIR} is built with the pre-C++11 string ABI "
    "(_GLIBCXX_USE_CXX11_ABI=0). HimNet Studio links HDF5's C++ library and Qt, which use the "
    "C++11 ABI, and the two cannot be mixed in one program. Use a LibTorch built with the C++11 "
    "ABI: the \"cxx11 ABI\" download from pytorch.org, python3's torch 2.7 or later "
    "(python3 -c 'import torch; print(torch.compiled_with_cxx11_abi())' prints True), or "
    "Debian's libtorch-dev.")
endif()

message(STATUS "LibTorch ${HIMNET_TORCH_VERSION} (CUDA: ${HIMNET_TORCH_HAS_CUDA}), C++${CMAKE_CXX_STANDARD}")
