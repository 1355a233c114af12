# HIMNET_WITH_DISTRIBUTED: data-parallel training over several processes (`himnet train
# --processes N`), through LibTorch's c10d process groups and their Gloo backend.
#
# AUTO (the default) turns it on when the LibTorch that find_package(Torch) found ships c10d
# with Gloo and Gloo's headers are there (Debian: libgloo-dev; official LibTorch and python3's
# torch: bundled). ON requires it; OFF leaves it out, and `--processes` then says this build
# has no distributed training. Sets HIMNET_HAS_DISTRIBUTED.

set(HIMNET_WITH_DISTRIBUTED AUTO CACHE STRING "Data-parallel training with c10d/Gloo: AUTO, ON or OFF")
set_property(CACHE HIMNET_WITH_DISTRIBUTED PROPERTY STRINGS AUTO ON OFF)

set(HIMNET_HAS_DISTRIBUTED OFF)
if(NOT HIMNET_WITH_DISTRIBUTED STREQUAL "OFF")
  include(CheckCXXSourceCompiles)
  set(CMAKE_REQUIRED_INCLUDES ${TORCH_INCLUDE_DIRS})
  set(CMAKE_REQUIRED_LIBRARIES ${TORCH_LIBRARIES})
  set(CMAKE_REQUIRED_DEFINITIONS -DUSE_C10D_GLOO -DUSE_DISTRIBUTED)
  set(CMAKE_REQUIRED_FLAGS "${TORCH_CXX_FLAGS}")
  set(CMAKE_REQUIRED_QUIET ON)
  # Compiles and links every call engine/src/train/process_group.cpp makes, so that a LibTorch
  # whose c10d differs leaves the feature out instead of breaking the build.
  check_cxx_source_compiles([=[
    #include <torch/csrc/distributed/c10d/FileStore.hpp>
    #include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
    #include <torch/csrc/distributed/c10d/TCPStore.hpp>
    #include <chrono>
    int main() {
      const std::chrono::milliseconds timeout(1000);
      c10d::TCPStoreOptions tcp;
      tcp.port = 29500;
      tcp.isServer = true;
      tcp.numWorkers = 1;
      tcp.timeout = timeout;
      c10::intrusive_ptr<c10d::Store> store = c10::make_intrusive<c10d::FileStore>("/nonexistent/store", 1);
      if (tcp.port == 0) store = c10::make_intrusive<c10d::TCPStore>("127.0.0.1", tcp);
      store->setTimeout(timeout);
      auto options = c10d::ProcessGroupGloo::Options::create(timeout);
      options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
      options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
      options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface("lo"));
      auto group = c10::make_intrusive<c10d::ProcessGroupGloo>(store, 0, 1, options);
      std::vector<at::Tensor> tensors;
      c10d::AllreduceOptions reduce;
      reduce.reduceOp = c10d::ReduceOp::MAX;
      group->allreduce(tensors, reduce)->wait();
      c10d::BroadcastOptions broadcast;
      broadcast.rootRank = 0;
      group->broadcast(tensors, broadcast)->wait();
      return 0;
    }]=] HIMNET_C10D_GLOO_WORKS)
  unset(CMAKE_REQUIRED_INCLUDES)
  unset(CMAKE_REQUIRED_LIBRARIES)
  unset(CMAKE_REQUIRED_DEFINITIONS)
  unset(CMAKE_REQUIRED_FLAGS)
  if(HIMNET_C10D_GLOO_WORKS)
    set(HIMNET_HAS_DISTRIBUTED ON)
  elseif(HIMNET_WITH_DISTRIBUTED STREQUAL "ON")
    message(FATAL_ERROR "HIMNET_WITH_DISTRIBUTED=ON, but this LibTorch (${Torch_DIR}) offers no c10d with Gloo, "
                        "or Gloo's headers are missing (Debian: apt-get install libgloo-dev)")
  endif()
endif()
message(STATUS "Distributed training (c10d/Gloo): ${HIMNET_HAS_DISTRIBUTED}")
