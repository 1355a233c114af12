# Installation and CPack: a Debian package of the CLI and, when built, the desktop app with
# its desktop entry, icons and AppStream metadata.
set(CPACK_PACKAGE_NAME "himnet-studio")
set(CPACK_PACKAGE_VENDOR "HimNet Studio")
set(CPACK_PACKAGE_CONTACT "HimNet Studio team")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # himnet-studio_0.2.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION science)
# Debian's LibTorch runs on the reference BLAS without it, many times slower; once installed,
# its BLAS alternative wins by priority.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libopenblas0-openmp")

if(HIMNET_WITH_UI)
  include(GNUInstallDirs)
  install(FILES ${CMAKE_CURRENT_LIST_DIR}/himnet-studio.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)

  # The icon is drawn in code (ui/studio_icon.cpp); the build writes it out at every theme size.
  add_executable(himnet_write_icons ${CMAKE_CURRENT_LIST_DIR}/write_icons.cpp)
  target_link_libraries(himnet_write_icons PRIVATE himnet_icon)
  set(HIMNET_ICON_DIR ${CMAKE_BINARY_DIR}/icons)
  add_custom_command(
    OUTPUT ${HIMNET_ICON_DIR}/hicolor/256x256/apps/himnet-studio.png
    COMMAND himnet_write_icons ${HIMNET_ICON_DIR}
    DEPENDS himnet_write_icons
    COMMENT "Drawing the application icon")
  add_custom_target(himnet_icons ALL DEPENDS ${HIMNET_ICON_DIR}/hicolor/256x256/apps/himnet-studio.png)
  install(DIRECTORY ${HIMNET_ICON_DIR}/hicolor DESTINATION ${CMAKE_INSTALL_DATADIR}/icons)

  install(FILES ${CMAKE_CURRENT_LIST_DIR}/org.himnetstudio.HimNetStudio.metainfo.xml
          DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
endif()
include(CPack)
