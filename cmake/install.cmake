# The installed server (component "server"): `cmake --install build --component server --prefix P`
# gives a runnable tree that the binary finds relative to itself (host/src/app/install_layout):
#   P/bin/new-api  P/lib/new-api/plugins/  P/share/new-api/{web,tokenizer,prices.json}
#   P/etc/new-api/new-api.xml  P/lib/systemd/system/new-api.service
# `cpack -G DEB` (run in the build folder) packages the same tree under /opt/new-api.
install(TARGETS new-api RUNTIME DESTINATION bin COMPONENT server)
install(DIRECTORY ${GW_PLUGIN_OUTPUT_DIR}/ DESTINATION lib/new-api/plugins COMPONENT server
        FILES_MATCHING PATTERN "*.so" PATTERN "*.xml")
install(DIRECTORY ${GW_TOKENIZER_DIR}/ DESTINATION share/new-api/tokenizer COMPONENT server)
install(FILES ${PROJECT_SOURCE_DIR}/config/prices.json DESTINATION share/new-api COMPONENT server)
install(FILES ${PROJECT_SOURCE_DIR}/config/new-api.xml DESTINATION etc/new-api COMPONENT server)

# The console is built by scripts/setup.sh (npm); an install without it would serve no UI.
set(GW_WEB_DIST ${PROJECT_SOURCE_DIR}/web/dist)
install(CODE "
  if(NOT EXISTS \"${GW_WEB_DIST}/index.html\")
    message(FATAL_ERROR \"web/dist is not built: run scripts/setup.sh (or npm run build in web/) first\")
  endif()" COMPONENT server)
install(DIRECTORY ${GW_WEB_DIST}/ DESTINATION share/new-api/web COMPONENT server)

# The service unit names the binary by the prefix chosen at install time.
install(CODE "
  set(GW_PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
  configure_file(\"${PROJECT_SOURCE_DIR}/config/systemd/new-api.service.in\"
                 \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/lib/systemd/system/new-api.service\" @ONLY)
  message(STATUS \"Installing: \$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/lib/systemd/system/new-api.service\")"
  COMPONENT server)

set(CPACK_PACKAGE_NAME new-api)
set(CPACK_PACKAGE_VENDOR "new-api gateway")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "LLM API gateway with provider and payment plugins")
set(CPACK_PACKAGE_CONTACT "operators@localhost")
set(CPACK_PACKAGING_INSTALL_PREFIX /opt/new-api)
set(CPACK_COMPONENTS_ALL server)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_SERVER_PACKAGE_NAME new-api)
set(CPACK_DEBIAN_SERVER_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/config/systemd/postinst ${PROJECT_SOURCE_DIR}/config/systemd/postrm)
include(CPack)
